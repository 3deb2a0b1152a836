/**
 * SIMULATION ONLY: the `simulation` platform (D2) behind the `Platform` interface. A local
 * platform key file stands in for the CPU: it signs the software quote
 * (`keys/simulatedPlatform.ts`) and, with the configured measurement standing in for MRENCLAVE,
 * derives the sealing key (`sealing/simulatedSealingKey.ts`). Nothing it produces claims
 * hardware security (`simulated: true`).
 *
 * Secrets: the platform key is read from its file for each use and wiped right after; it is
 * never kept in memory between calls.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { type Address, bytesToHex, type Hex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { makeSimulatedEvidence } from '../keys/simulatedPlatform.js'
import { deriveSimulatedSealingKey } from '../sealing/simulatedSealingKey.js'
import type { Platform } from './Platform.js'
import { readHexKeyFile } from './platformFiles.js'

export type SimulationPlatformParameters = {
  /** A file holding the simulated platform's secp256k1 key as hex. */
  platformKeyFile: string
  /** The measurement the simulated quote claims (bytes32, the analogue of MRENCLAVE). */
  measurement: Hex
}

export type SimulationPlatform = Platform & {
  readonly provider: 'simulation'
  /** The simulated platform key's address (what an admission policy names). */
  platformAddress(): Promise<Address>
}

export function simulationPlatform(parameters: SimulationPlatformParameters): SimulationPlatform {
  const { platformKeyFile, measurement } = parameters
  /** Runs `use` with the platform key (SECRET) and wipes it afterwards. */
  const withKey = async <T>(use: (key: Uint8Array) => T): Promise<T> => {
    const key = await readHexKeyFile(platformKeyFile, 'simulated platform key file')
    try {
      return use(key)
    } finally {
      key.fill(0)
    }
  }
  return {
    provider: 'simulation',
    simulated: true,
    sealingKeySource: 'simulated-platform-key',
    sealingKey: () => withKey((platformKey) => deriveSimulatedSealingKey({ platformKey, measurement })),
    evidence: (reportData) =>
      withKey((platformKey) => makeSimulatedEvidence({ platformKey, measurement, reportData })),
    platformAddress: () =>
      withKey((key) => publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(key, false)))),
  }
}

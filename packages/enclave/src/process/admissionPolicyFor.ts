/**
 * The admission policy an enclave applies to newcomers (D3.1), from its own platform: one build
 * admits only itself. Under simulation: simulated evidence from the same platform key with the
 * same measurement, and no hardware evidence. Under SGX or TDX: DCAP quotes chaining to the
 * configured root (Intel's SGX Root CA by default) with this enclave's own MRENCLAVE or MRTD and
 * a TCB status at least the configured minimum, and no simulated evidence, so a software quote
 * can never admit a key into a hardware deployment.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { constants as dcapConstants } from '@phala/dcap-qvl'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Address, Hex } from 'viem'
import type { AdmissionPolicy } from '../attestation/admissionPolicy.js'
import type { DcapTcbStatus } from '../attestation/dcapTcbPolicy.js'
import type { EnclaveInitConfig } from './messages.js'

export async function admissionPolicyFor(parameters: {
  config: EnclaveInitConfig
  simulated: boolean
  /** SIMULATION: the simulated platform key's address. */
  platform: Address
  /** This enclave's own measurement, as its evidence claims it. */
  measurement: Hex
}): Promise<AdmissionPolicy> {
  const { config, simulated, platform, measurement } = parameters
  if (simulated || config.provider === 'simulation')
    return { simulation: { platform, measurements: [measurement] }, dcap: null }
  const rootCaDer = config.dcapRootCaFile
    ? await readRootCa(config.dcapRootCaFile)
    : new Uint8Array(dcapConstants.TRUSTED_ROOT_CA_DER)
  return {
    simulation: null,
    dcap: {
      rootCaDer,
      policy: {
        allowedMeasurements: [measurement],
        ...(config.minimumTcbStatus ? { minimumTcbStatus: config.minimumTcbStatus as DcapTcbStatus } : {}),
      },
    },
  }
}

async function readRootCa(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (err) {
    throw new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'The DCAP root CA file is unreadable.', {
      details: `${path}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}`,
    })
  }
}

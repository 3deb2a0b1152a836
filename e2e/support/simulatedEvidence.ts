/**
 * SIMULATION ONLY: P7 evidence for a key pair the test holds, as the devnet's simulated platform
 * would produce it (an EIP-712 `SimulatedQuote {measurement, reportData}` signed by the platform
 * key, in the evidence envelope), built from @racetee/protocol's layouts. The bad-evidence test
 * uses it for a valid control newcomer and for evidence bound to other keys. The platform key is
 * the devnet's stand-in for a CPU; it is read from the devnet's file and not kept.
 */
import { readFileSync } from 'node:fs'
import {
  encodeEvidence,
  encodeSimulatedQuote,
  evidenceProviders,
  evidenceReportData,
  simulatedQuoteSigningHash,
} from '@racetee/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import { sign } from 'viem/accounts'

export type SimulatedEvidenceParameters = {
  platformKeyFile: string
  measurement: Hex
  chainId: number | bigint
  mc: Address
  /** The keys the evidence's report data binds (P7). */
  signer: Address
  encryptionKey: Hex
}

export async function simulatedEvidence(parameters: SimulatedEvidenceParameters): Promise<Hex> {
  const { measurement, chainId, mc, signer, encryptionKey } = parameters
  const reportData = evidenceReportData(BigInt(chainId), mc, signer, encryptionKey)
  const signature = await sign({
    hash: simulatedQuoteSigningHash(measurement, reportData),
    privateKey: readFileSync(parameters.platformKeyFile, 'utf8').trim() as Hex,
    to: 'hex',
  })
  const quote = encodeSimulatedQuote({ measurement, reportData, signature })
  return bytesToHex(
    encodeEvidence({ provider: evidenceProviders.simulation, quote, collateral: new Uint8Array(0) }),
  )
}

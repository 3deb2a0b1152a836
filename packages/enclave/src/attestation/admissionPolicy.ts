/**
 * What an admitted enclave accepts as a newcomer's evidence (D3.1, D2): the deployment's
 * policy. Simulated evidence is accepted only from the configured simulated platform with an
 * allowed measurement; hardware evidence only under a DCAP policy with a configured root CA.
 * A kind with no policy (`null`) is refused: a hardware deployment sets `simulation: null`, so
 * a software quote can never admit a key into it.
 * @module
 */
import type { Address, Hex } from 'viem'
import type { DcapPolicy } from './verifyDcapEvidence.js'

export type AdmissionPolicy = {
  /** SIMULATION: the simulated platform key's address and the measurements accepted. */
  simulation: { platform: Address; measurements: readonly Hex[] } | null
  /** Hardware (SGX, TDX): the root CA (DER) trusted for DCAP quotes and the policy they meet. */
  dcap: { rootCaDer: Uint8Array; policy: DcapPolicy } | null
}

/** EIP-712 `Admission` (P7, D3.1), signed by an admitted enclave (or governance at genesis). */
import { type Address, type Hex, hashTypedData } from 'viem'
import { admissionTypes, type RaceteeDomain } from '../eip712/types.js'

export type Admission = {
  enclave: Address
  encryptionKey: Hex
  evidenceHash: Hex
  registryVersion: bigint
  epoch: bigint
  /** `enc ‖ ciphertext` of `E_epoch` to the newcomer (P7 provisioning). */
  epochSecret: Hex
  /** The previous epoch's secret while it is still needed, else empty. */
  prevEpochSecret: Hex
}

export function admissionSigningHash(domain: RaceteeDomain, admission: Admission): Hex {
  return hashTypedData({ domain, types: admissionTypes, primaryType: 'Admission', message: admission })
}

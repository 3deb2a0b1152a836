/**
 * EIP-712 `Rotation` (P7, D4 "Epoch rotation"). Its struct hash is also the accumulator
 * `payloadHash` of the rotation entry (P2), so the enclave learns a proven rotation's grants.
 */
import { type Address, type Hex, hashStruct, hashTypedData } from 'viem'
import { type RaceteeDomain, rotationTypes } from '../eip712/types.js'
import { isStrictlyAscending } from '../encoding/compareHex.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type EpochGrant = {
  enclave: Address
  /** `enc ‖ ciphertext` of `E_epoch` to this enclave (P7 provisioning). */
  sealedSecret: Hex
}

export type Rotation = {
  epoch: bigint
  requestPublicKey: Hex
  registryVersion: bigint
  /** One per enclave admitted at `registryVersion`, ascending by enclave (P0). */
  grants: EpochGrant[]
}

export function rotationSigningHash(domain: RaceteeDomain, rotation: Rotation): Hex {
  return hashTypedData({ domain, types: rotationTypes, primaryType: 'Rotation', message: rotation })
}

/** EIP-712 `hashStruct(Rotation)`: the rotation entry's `payloadHash` in the accumulator (P2). */
export function rotationStructHash(rotation: Rotation): Hex {
  return hashStruct({ types: rotationTypes, primaryType: 'Rotation', data: rotation })
}

/** Throws PROTOCOL_MALFORMED unless `grants` is strictly ascending by enclave (P0 canonical order). */
export function assertCanonicalRotation(rotation: Rotation): void {
  if (!isStrictlyAscending(rotation.grants, (g) => g.enclave))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Rotation grants are not in canonical order.', {
      details: 'grants must be strictly ascending by enclave',
    })
}

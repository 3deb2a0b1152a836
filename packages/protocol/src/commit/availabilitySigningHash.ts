/** EIP-712 `Availability {prevCommit, blobsRoot}`, signed by a storage node once it holds every blob (P6, D6). */
import { type Hex, hashTypedData } from 'viem'
import { availabilityTypes, type RaceteeDomain } from '../eip712/types.js'

export type Availability = { prevCommit: Hex; blobsRoot: Hex }

export function availabilitySigningHash(domain: RaceteeDomain, availability: Availability): Hex {
  return hashTypedData({
    domain,
    types: availabilityTypes,
    primaryType: 'Availability',
    message: availability,
  })
}

/** EIP-712 `StoreAuthorization {prevCommit, blobsRoot, toBlock}`, signed by the enclave for storage nodes (P6, D6). */
import { type Hex, hashTypedData } from 'viem'
import { type RaceteeDomain, storeAuthorizationTypes } from '../eip712/types.js'

export type StoreAuthorization = { prevCommit: Hex; blobsRoot: Hex; toBlock: bigint }

export function storeAuthorizationSigningHash(domain: RaceteeDomain, authorization: StoreAuthorization): Hex {
  return hashTypedData({
    domain,
    types: storeAuthorizationTypes,
    primaryType: 'StoreAuthorization',
    message: authorization,
  })
}

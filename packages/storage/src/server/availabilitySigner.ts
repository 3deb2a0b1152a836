/**
 * Signs the node's confirmation (D6, P6): EIP-712 `Availability {prevCommit, blobsRoot}` in the
 * deployment's domain `raceteeDomain(chainId, MC)`, the digest the MC's `availabilityDigest`
 * computes and counts towards k (D3.3 check 5). Callers sign only after every blob of the
 * batch is durable. Signatures are deterministic (RFC 6979), so a repeated store of one batch
 * answers the same confirmation.
 */
import { type Availability, availabilitySigningHash, raceteeDomain } from '@racetee/protocol'
import type { Address, Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'

export type AvailabilitySigner = {
  address: Address
  sign: (availability: Availability) => Promise<Hex>
}

export type CreateAvailabilitySignerParameters = {
  account: PrivateKeyAccount
  chainId: bigint | number
  mc: Address
}

export function createAvailabilitySigner(parameters: CreateAvailabilitySignerParameters): AvailabilitySigner {
  const { account, chainId, mc } = parameters
  const domain = raceteeDomain(chainId, mc)
  return {
    address: account.address,
    sign: (availability) => account.sign({ hash: availabilitySigningHash(domain, availability) }),
  }
}

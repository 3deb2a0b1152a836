/**
 * The storage nodes a winning commit names as holding its batch (D6, D3.3 check 5): the signers
 * of the `Availability {prevCommit, blobsRoot}` confirmations passed to its `commit` call,
 * recovered over the digest the MC's `availabilityDigest` checks. The MC accepted them, so each
 * recovers to a registered node; they still come from an untrusted RPC, so a signature that
 * does not parse is skipped: the only cost is that its node is sent the batch again.
 */
import { type Availability, availabilitySigningHash, type RaceteeDomain } from '@racetee/protocol'
import { type Address, type Hex, recoverAddress } from 'viem'

export async function availabilitySigners(
  domain: RaceteeDomain,
  availability: Availability,
  signatures: readonly Hex[],
): Promise<Address[]> {
  const hash = availabilitySigningHash(domain, availability)
  const signers: Address[] = []
  for (const signature of signatures) {
    try {
      signers.push(await recoverAddress({ hash, signature }))
    } catch {
      // Not a signature at all (a lying RPC): nothing to exclude.
    }
  }
  return signers
}

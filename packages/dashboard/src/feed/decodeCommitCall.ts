/**
 * Reads a `commit(c, executorSignature, storageSignatures, ringHint)` call from a transaction's
 * calldata (D3.3): the body, the beneficiary, the enclave that signed it and the storage nodes
 * whose `Availability` confirmations it carries (D6). The chain keeps only the commit id in its
 * event, so who won a race, who lost one (a mined commit that reverted) and which nodes
 * confirmed are all read from calldata, recovered over the same EIP-712 digests the MC checks.
 * Everything here is public: ids, hashes, addresses and signatures.
 */
import {
  availabilitySigningHash,
  type CommitBody,
  commitSigningHash,
  parseCommitCalldata,
  type RaceteeDomain,
} from '@racetee/protocol'
import { type Address, type Hex, recoverAddress } from 'viem'

export type DecodedCommitCall = {
  body: CommitBody
  beneficiary: Address
  /** Recovered from the executor signature; `null` when it does not recover. */
  signer: Address | null
  /** Recovered signers of the storage signatures, in calldata order; ones that do not recover are left out. */
  storageSigners: Address[]
}

/** Undefined when `input` is not a `commit` call of the MC's ABI. */
export async function decodeCommitCall(
  domain: RaceteeDomain,
  input: Hex,
): Promise<DecodedCommitCall | undefined> {
  const parsed = parseCommitCalldata(input)
  if (!parsed) return undefined
  const { body, beneficiary } = parsed.commit
  const signer = await recoverOrNull(commitSigningHash(domain, parsed.commit), parsed.executorSignature)
  const availability = availabilitySigningHash(domain, {
    prevCommit: body.prevCommit,
    blobsRoot: body.blobsRoot,
  })
  const storageSigners: Address[] = []
  for (const signature of parsed.storageSignatures) {
    const node = await recoverOrNull(availability, signature)
    if (node) storageSigners.push(node)
  }
  return { body, beneficiary, signer, storageSigners }
}

async function recoverOrNull(hash: Hex, signature: Hex): Promise<Address | null> {
  try {
    return await recoverAddress({ hash, signature })
  } catch {
    // Calldata of a reverted transaction may hold anything; it is shown as "unknown signer".
    return null
  }
}

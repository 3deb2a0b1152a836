/**
 * A commit body that passes the MC's checks 1 to 3 (D3.3) when no request is waiting: it chains
 * from the last commit, covers the blocks up to the one before the head (so `toBlock` is past
 * whether the call is simulated at the head or mined in the next block), and claims
 * the checkpoint that covers them, with no program read or changed. Whether the MC accepts it
 * then depends on check 4 (its signer admitted at `toBlock`) and check 5 (storage signatures),
 * which is what the bad-evidence test probes. The hashes are placeholders: nothing is stored.
 */
import { mcChainFacts } from '@racetee/executor'
import type { CommitBody } from '@racetee/protocol'
import { type Address, keccak256, type PublicClient, stringToBytes } from 'viem'

export async function emptyCommitBody(client: PublicClient, mc: Address): Promise<CommitBody> {
  const facts = mcChainFacts(client, mc)
  const [last, head] = await Promise.all([facts.lastCommit(), client.getBlockNumber({ cacheTime: 0 })])
  const toBlock = head - 1n
  if (toBlock <= last.toBlock) throw new RangeError('mine two blocks past the last commit first')
  const { seq, acc } = await facts.checkpointAt(toBlock)
  return {
    prevCommit: last.commitId,
    fromBlock: last.toBlock + 1n,
    toBlock,
    toSeq: seq,
    accAfter: acc,
    epoch: 0n,
    reads: [],
    updates: [],
    created: [],
    resultsHash: keccak256(stringToBytes('no results')),
    blobsRoot: keccak256(new Uint8Array(0)),
  }
}

/**
 * Waits for the commit that covers a request (D3.3, D8: "waits for the Committed event covering
 * it (with confirmations, as viem's receipt waiter)"): scans the MC's
 * `Committed(commitId, fromSeq, toSeq, resultsHash, blobsRoot)` logs from the request's block
 * forward, in bounded ranges, up to the newest block with `confirmations` confirmations, and
 * polls until one has `fromSeq ≤ seq ≤ toSeq` or the deadline passes (SDK_TIMEOUT). Polling
 * rather than a filter subscription keeps it transport-agnostic (HTTP nodes drop filters).
 *
 * A challenge can undo the last commit (`RolledBack`, ARCHITECTURE decision 49), after which the
 * range is committed again. The scan reads `RolledBack` logs with the `Committed` ones up to
 * the confirmed head and never returns a commit undone by then: a `RolledBack` drops the
 * covering commits seen before it with that id (a re-commit of an identical body has the same
 * id, and counts again). A caller that learns of a rollback later (`commitRolledBack`) waits
 * again from the block after the undone commit.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { type Address, type Client, getAbiItem, type Hex } from 'viem'
import { getBlockNumber, getLogs } from 'viem/actions'

export type CommitCovering = {
  commitId: Hex
  fromSeq: bigint
  toSeq: bigint
  resultsHash: Hex
  blobsRoot: Hex
  blockNumber: bigint
}

export type WaitForCommitParameters = {
  mc: Address
  seq: bigint
  /** The request's block: its commit is in a later one (D3.3 `toBlock < block.number`). */
  fromBlock: bigint
  /** Blocks the commit must have on top of it, itself included (viem's meaning). Default 1. */
  confirmations: number
  pollingInterval: number
  /** Epoch ms after which SDK_TIMEOUT is thrown. */
  deadline: number
}

/** Many providers cap `eth_getLogs` ranges; a catch-up after a long outage goes in steps. */
const MAX_LOG_RANGE = 2_000n
const committedEvent = getAbiItem({ abi: managementContractAbi, name: 'Committed' })
const rolledBackEvent = getAbiItem({ abi: managementContractAbi, name: 'RolledBack' })

export async function waitForCommit(
  client: Client,
  parameters: WaitForCommitParameters,
): Promise<CommitCovering> {
  const { mc, seq, confirmations, pollingInterval, deadline } = parameters
  let candidates: CommitCovering[] = []
  let next = parameters.fromBlock
  for (;;) {
    const head = await getBlockNumber(client, { cacheTime: 0 })
    const safe = head - BigInt(Math.max(confirmations, 1) - 1)
    while (next <= safe) {
      const to = next + MAX_LOG_RANGE - 1n < safe ? next + MAX_LOG_RANGE - 1n : safe
      const logs = await getLogs(client, {
        address: mc,
        events: [committedEvent, rolledBackEvent],
        fromBlock: next,
        toBlock: to,
        strict: true,
      })
      for (const log of logs) {
        if (log.eventName === 'RolledBack') {
          const undone = log.args.rolledBack.toLowerCase()
          candidates = candidates.filter((c) => c.commitId.toLowerCase() !== undone)
          continue
        }
        const a = log.args
        if (a.fromSeq <= seq && seq <= a.toSeq)
          candidates.push({
            commitId: a.commitId,
            fromSeq: a.fromSeq,
            toSeq: a.toSeq,
            resultsHash: a.resultsHash,
            blobsRoot: a.blobsRoot,
            blockNumber: log.blockNumber,
          })
      }
      next = to + 1n
    }
    // Scanned to the confirmed head: the covering commit that still stands, if any.
    const standing = candidates.at(-1)
    if (standing) return standing
    const left = deadline - Date.now()
    if (left <= 0)
      throw new RaceteeError(errorCodes.SDK_TIMEOUT, 'No commit covered the request in time.', {
        details: `seq ${seq}, scanned to block ${next - 1n}`,
      })
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollingInterval, left)))
  }
}

/** Whether `commit` was rolled back by a challenge at or after its block (decision 49). */
export async function commitRolledBack(
  client: Client,
  parameters: { mc: Address; commit: Pick<CommitCovering, 'commitId' | 'blockNumber'> },
): Promise<boolean> {
  const logs = await getLogs(client, {
    address: parameters.mc,
    event: rolledBackEvent,
    args: { rolledBack: parameters.commit.commitId },
    fromBlock: parameters.commit.blockNumber,
    strict: true,
  })
  return logs.length > 0
}

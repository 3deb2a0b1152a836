/**
 * Places an executor's lost races on commits when the only evidence is its health counter
 * (D7 health, `races_lost_total`): a loser that saw the race close before sending leaves no
 * transaction on chain, and its `/metrics` says only how many rounds it lost, not which. A
 * round is lost once the winner's commit has landed, so the losses counted between two polls
 * belong to commits that landed since about the earlier poll and that this executor did not
 * win. They are placed oldest first, one per commit; a commit already showing this executor's
 * reverted commit transaction absorbs one without a second entry (same race, two witnesses).
 * What cannot be placed yet (the feed has not seen the block) is returned for the next poll.
 */
import type { Address } from 'viem'
import type { CommitView } from './snapshotTypes.js'

export type CounterLossParameters = {
  /** Chain order, oldest first. */
  commits: readonly CommitView[]
  executor: { index: number; enclave: Address; account: Address }
  /** Losses counted since the previous poll (plus any still unplaced). */
  lost: number
  /** The feed's head at the poll where these losses were first counted, less a block of slack. */
  sinceBlock: number
  /** `commitId:executor` pairs already given a counted loss; updated here. */
  placed: Set<string>
}

/** Mutates `commits[i].losers`; returns how many losses found no commit. */
export function attributeCounterLosses(parameters: CounterLossParameters): number {
  const { commits, executor, sinceBlock, placed } = parameters
  if (!Number.isInteger(parameters.lost) || parameters.lost < 0)
    throw new RangeError('lost must be a non-negative integer')
  let lost = parameters.lost
  for (const commit of commits) {
    if (lost === 0) break
    if (commit.block < sinceBlock || commit.rolledBack) continue
    if (commit.winner.executor === executor.index) continue
    const key = `${commit.commitId}:${executor.index}`
    if (placed.has(key)) continue
    placed.add(key)
    lost--
    if (commit.losers.some((l) => l.executor === executor.index)) continue
    commit.losers.push({
      enclave: executor.enclave,
      account: executor.account,
      executor: executor.index,
      evidence: 'health-counter',
    })
  }
  return lost
}

/**
 * Adds a loser to a commit's race (D3.3: the first valid commit wins, later ones revert). One
 * entry per executor: a mined, reverted commit transaction is exact evidence and replaces an
 * entry inferred from a health counter; the winner re-sending its own commit is no race.
 */
import type { CommitView, RaceLoser } from './snapshotTypes.js'

/** Addresses compared case-insensitively; a missing one equals nothing. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

/** A reverted commit is the stronger witness: it replaces a counter-based entry for the same executor. */
export function addRaceLoser(commit: CommitView, loser: RaceLoser): void {
  if (sameAddress(loser.enclave, commit.winner.enclave)) return // the winner's own duplicate, not a race
  const at = commit.losers.findIndex(
    (l) =>
      (loser.executor !== null && l.executor === loser.executor) || sameAddress(l.enclave, loser.enclave),
  )
  if (at < 0) commit.losers.push(loser)
  else if (commit.losers[at]!.evidence === 'health-counter') commit.losers[at] = loser
}

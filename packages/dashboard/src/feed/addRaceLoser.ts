/**
 * Adds a loser to a commit's race (D3.3: the first valid commit wins, later ones revert). One
 * entry per executor, the strongest evidence kept: a mined, reverted commit transaction, then
 * the executor's own health report naming the winning commit, then a health counter that rose;
 * the winner re-sending its own commit is no race.
 */
import type { CommitView, RaceLoser } from './snapshotTypes.js'

/** Addresses compared case-insensitively; a missing one equals nothing. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

const STRENGTH: Record<RaceLoser['evidence'], number> = {
  'reverted-commit': 3,
  'health-report': 2,
  'health-counter': 1,
}

/** A stronger witness replaces a weaker entry for the same executor. */
export function addRaceLoser(commit: CommitView, loser: RaceLoser): void {
  if (sameAddress(loser.enclave, commit.winner.enclave)) return // the winner's own duplicate, not a race
  const at = commit.losers.findIndex(
    (l) =>
      (loser.executor !== null && l.executor === loser.executor) || sameAddress(l.enclave, loser.enclave),
  )
  if (at < 0) commit.losers.push(loser)
  else if (STRENGTH[commit.losers[at]!.evidence] < STRENGTH[loser.evidence]) commit.losers[at] = loser
}

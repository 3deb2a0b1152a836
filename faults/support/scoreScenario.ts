/**
 * One row of the fault table (issue 6 "Done when"), computed from what the harness saw, with
 * the chain as the judge of duplicates (D3.3: one commit per seq): `sent` requests, `received`
 * results, `lost` (sent without a result within the bound), `duplicated` (seqs that more than one
 * `Committed` event covers, or that two of our requests were answered with), `wrong` (results
 * that differ from the public replay), and `state` (the balances read back at the end against
 * the public replay's). Pure: the unit tests drive it with made-up inputs.
 */
import type { CommittedRange } from '../../e2e/support/commitCoverage.js'

export type StateVerdict = 'equal' | 'differs' | 'unread'

export type ScenarioRow = {
  scenario: string
  sent: number
  received: number
  lost: number
  duplicated: number
  wrong: number
  state: StateVerdict
  /** Faults that actually fired (kills, failed calls, corrupted reads): 0 means the row proved nothing. */
  injected: number
  /** Why a row failed beyond its counts (the workload itself broke), public text only. */
  note?: string
}

export type ScoreScenarioParameters = {
  scenario: string
  sent: number
  /** The seq each received result carried. */
  receivedSeqs: readonly bigint[]
  ranges: readonly CommittedRange[]
  /** Seqs whose result differs from the public replay (workload and final reads). */
  mismatchedSeqs: ReadonlySet<bigint>
  /** Seqs of the final balance reads; `null` when some were never answered. */
  finalReadSeqs: readonly bigint[] | null
  injected: number
  /** Whether the scenario injects a fault at all (baseline does not). */
  expectsFaults: boolean
}

export function scoreScenario(parameters: ScoreScenarioParameters): ScenarioRow {
  const { sent, receivedSeqs, ranges, mismatchedSeqs, finalReadSeqs } = parameters
  if (receivedSeqs.length > sent) throw new RangeError('more results than requests sent')
  const committedTimes = new Map<bigint, number>()
  for (const r of ranges)
    for (let seq = r.fromSeq; seq <= r.toSeq; seq++)
      committedTimes.set(seq, (committedTimes.get(seq) ?? 0) + 1)
  const answered = new Map<bigint, number>()
  for (const seq of receivedSeqs) answered.set(seq, (answered.get(seq) ?? 0) + 1)
  const duplicated = new Set<bigint>()
  for (const [seq, times] of committedTimes) if (times > 1) duplicated.add(seq)
  for (const [seq, times] of answered) if (times > 1) duplicated.add(seq)
  const finalReads = new Set(finalReadSeqs ?? [])
  const state: StateVerdict =
    finalReadSeqs === null
      ? 'unread'
      : [...finalReads].some((s) => mismatchedSeqs.has(s))
        ? 'differs'
        : 'equal'
  return {
    scenario: parameters.scenario,
    sent,
    received: receivedSeqs.length,
    lost: sent - receivedSeqs.length,
    duplicated: duplicated.size,
    wrong: [...mismatchedSeqs].filter((seq) => !finalReads.has(seq)).length,
    state,
    injected: parameters.injected,
    ...(parameters.expectsFaults && parameters.injected === 0 ? { note: 'no fault fired' } : {}),
  }
}

/** A row passes when nothing was lost, duplicated or wrong, the state is equal and its fault fired. */
export function rowPasses(row: ScenarioRow): boolean {
  return (
    row.lost === 0 &&
    row.duplicated === 0 &&
    row.wrong === 0 &&
    row.state === 'equal' &&
    row.sent > 0 &&
    row.note === undefined
  )
}

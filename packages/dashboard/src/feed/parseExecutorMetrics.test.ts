import { describe, expect, test } from 'vitest'
import { parseExecutorMetrics } from './parseExecutorMetrics.js'

// The shape packages/executor/src/health/healthServer.ts writes.
const text = `# HELP racetee_executor_rounds_total Rounds that executed a batch.
# TYPE racetee_executor_rounds_total counter
racetee_executor_rounds_total 9
# HELP racetee_executor_commits_total Commits this executor landed.
# TYPE racetee_executor_commits_total counter
racetee_executor_commits_total 5
racetee_executor_races_lost_total 4
racetee_executor_round_failures_total 1
racetee_executor_head_block 120
`

describe('parseExecutorMetrics', () => {
  test('reads rounds, commits, races lost and failures', () => {
    expect(parseExecutorMetrics(text)).toEqual({ rounds: 9, commits: 5, racesLost: 4, roundFailures: 1 })
  })

  test('behavior: unknown metrics, comments and a timestamp column are fine', () => {
    expect(
      parseExecutorMetrics('racetee_executor_new_thing 3\nracetee_executor_races_lost_total 2 1700000000\n'),
    ).toEqual({ rounds: null, commits: null, racesLost: 2, roundFailures: null })
  })

  test('behavior: a missing or malformed counter is null, not zero', () => {
    expect(
      parseExecutorMetrics('racetee_executor_commits_total NaN\nracetee_executor_rounds_total -1\n'),
    ).toEqual({
      rounds: null,
      commits: null,
      racesLost: null,
      roundFailures: null,
    })
    expect(parseExecutorMetrics('')).toEqual({
      rounds: null,
      commits: null,
      racesLost: null,
      roundFailures: null,
    })
  })
})

/**
 * Reads the counters the dashboard shows from an executor's `GET /metrics` (Prometheus text,
 * D7, `packages/executor/src/health/healthServer.ts`): rounds, commits landed, races lost and
 * failed rounds. Public host data. Lines it does not know are ignored, so a newer executor
 * with more metrics still parses; a counter that is missing or not a number is `null`.
 */

export type ExecutorCounters = {
  rounds: number | null
  commits: number | null
  racesLost: number | null
  roundFailures: number | null
}

const names = {
  racetee_executor_rounds_total: 'rounds',
  racetee_executor_commits_total: 'commits',
  racetee_executor_races_lost_total: 'racesLost',
  racetee_executor_round_failures_total: 'roundFailures',
} as const satisfies Record<string, keyof ExecutorCounters>

export function parseExecutorMetrics(text: string): ExecutorCounters {
  const counters: ExecutorCounters = { rounds: null, commits: null, racesLost: null, roundFailures: null }
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const [name, value, ...rest] = line.trim().split(/\s+/)
    if (name === undefined || value === undefined || rest.length > 1) continue
    if (!Object.hasOwn(names, name)) continue
    const n = Number(value)
    if (Number.isFinite(n) && n >= 0) counters[names[name as keyof typeof names]] = n
  }
  return counters
}

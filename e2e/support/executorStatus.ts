/**
 * Reads an executor process's health and metrics endpoints (D7) as a client would: `/health`
 * JSON (answered 503 while the node is degraded) and `/metrics` Prometheus text, parsed into
 * counters by name. Only public figures travel there: addresses, seqs, counts, error codes.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'

export type ExecutorHealth = {
  httpStatus: number
  status: string
  simulation: boolean
  lastCommittedSeq: bigint
  lastError: string | null
  /** Races it lost, by winning commit (newest last, at most the last 32). */
  racesLost: { winner: string; toSeq: bigint; verdict: string }[]
}

export async function readHealth(healthUrl: string): Promise<ExecutorHealth> {
  const response = await fetch(`${healthUrl}/health`)
  const body = (await response.json()) as Record<string, unknown>
  if (typeof body.status !== 'string' || typeof body.simulation !== 'boolean')
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The health answer lacks its fields.', {
      details: `HTTP ${response.status}, keys ${Object.keys(body).join(',')}`,
    })
  return {
    httpStatus: response.status,
    status: body.status,
    simulation: body.simulation,
    lastCommittedSeq: BigInt(String(body.lastCommittedSeq)),
    lastError: typeof body.lastError === 'string' ? body.lastError : null,
    racesLost: (Array.isArray(body.racesLost) ? (body.racesLost as Record<string, unknown>[]) : []).map(
      (r) => ({
        winner: String(r.winner),
        toSeq: BigInt(String(r.toSeq)),
        verdict: String(r.verdict),
      }),
    ),
  }
}

/** `racetee_executor_<name>` samples by `<name>`; HELP and TYPE lines are skipped. */
export async function readMetrics(healthUrl: string): Promise<Map<string, bigint>> {
  const response = await fetch(`${healthUrl}/metrics`)
  if (!response.ok)
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The metrics endpoint refused.', {
      details: `HTTP ${response.status}`,
    })
  const samples = new Map<string, bigint>()
  for (const line of (await response.text()).split('\n')) {
    const match = /^racetee_executor_([a-z_]+) (\d+)$/.exec(line)
    if (match) samples.set(match[1]!, BigInt(match[2]!))
  }
  return samples
}

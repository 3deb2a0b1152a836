/**
 * The executor's health and metrics endpoint (D7): `GET /health` answers JSON with the node's
 * state, `GET /metrics` Prometheus text. Public information only: addresses, counters, seqs.
 * Simulation is stated in the health answer, never implied away.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HttpRoute } from '../read/readEndpoint.js'

export type HealthSnapshot = {
  status: 'starting' | 'ok' | 'degraded'
  simulation: boolean
  [key: string]: unknown
}

export type Metrics = {
  rounds: number
  commits: number
  racesLost: number
  roundFailures: number
  requestsCommitted: bigint
  lastRoundMs: number
  headBlock: bigint
  lastCommittedSeq: bigint
  /** D6: batches the repairer still owes some storage node, and their bytes. */
  repairBatches: number
  repairBytes: number
}

export type HealthServer = { url: string; close(): Promise<void> }

export async function startHealthServer(parameters: {
  host?: string
  port: number
  health: () => HealthSnapshot
  metrics: () => Metrics
  /** More routes served on the same port, asked first (the read endpoint, D7). */
  routes?: readonly HttpRoute[]
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (parameters.routes?.some((route) => route(req, res))) return
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end()
      return
    }
    if (req.url === '/health') {
      const snapshot = parameters.health()
      res
        .writeHead(snapshot.status === 'degraded' ? 503 : 200, { 'content-type': 'application/json' })
        .end(JSON.stringify(snapshot, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
      return
    }
    if (req.url === '/metrics') {
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        .end(prometheusText(parameters.metrics()))
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NOT_FOUND"}')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port, parameters.host ?? '127.0.0.1', () => resolve())
  })
  const { port, address } = server.address() as AddressInfo
  return {
    url: `http://${address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function prometheusText(m: Metrics): string {
  const lines: string[] = []
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number | bigint) =>
    lines.push(
      `# HELP racetee_executor_${name} ${help}`,
      `# TYPE racetee_executor_${name} ${type}`,
      `racetee_executor_${name} ${value}`,
    )
  metric('rounds_total', 'counter', 'Rounds that executed a batch.', m.rounds)
  metric('commits_total', 'counter', 'Commits this executor landed.', m.commits)
  metric('races_lost_total', 'counter', 'Rounds whose commit another executor landed first.', m.racesLost)
  metric('round_failures_total', 'counter', 'Rounds aborted by a fault (retried).', m.roundFailures)
  metric(
    'requests_committed_total',
    'counter',
    'Requests covered by commits this executor landed.',
    m.requestsCommitted,
  )
  metric('last_round_milliseconds', 'gauge', 'Duration of the last committed round.', m.lastRoundMs)
  metric('head_block', 'gauge', 'Latest block seen.', m.headBlock)
  metric('last_committed_seq', 'gauge', 'toSeq of the last accepted commit seen.', m.lastCommittedSeq)
  metric(
    'storage_repair_batches',
    'gauge',
    'Batches some storage node has not confirmed yet.',
    m.repairBatches,
  )
  metric('storage_repair_bytes', 'gauge', 'Bytes of those batches held for repair.', m.repairBytes)
  return `${lines.join('\n')}\n`
}

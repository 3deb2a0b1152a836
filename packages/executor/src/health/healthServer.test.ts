import { afterEach, describe, expect, it } from 'vitest'
import { type HealthServer, type Metrics, startHealthServer } from './healthServer.js'

const metrics: Metrics = {
  rounds: 2,
  commits: 1,
  racesLost: 1,
  roundFailures: 0,
  requestsCommitted: 5n,
  lastRoundMs: 40,
  headBlock: 12n,
  lastCommittedSeq: 5n,
  repairBatches: 1,
  repairBytes: 2048,
}
let server: HealthServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('startHealthServer', () => {
  it('serves health as JSON and metrics as Prometheus text on a free port', async () => {
    server = await startHealthServer({
      port: 0,
      health: () => ({ status: 'ok', simulation: true, headBlock: 12n }),
      metrics: () => metrics,
    })
    const health = await fetch(`${server.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', simulation: true, headBlock: '12' })
    const text = await (await fetch(`${server.url}/metrics`)).text()
    expect(text).toContain('# TYPE racetee_executor_commits_total counter')
    expect(text).toContain('racetee_executor_requests_committed_total 5\n')
    expect(text).toContain('racetee_executor_storage_repair_batches 1\n')
  })

  it('behavior: a degraded node answers 503 so supervisors notice', async () => {
    server = await startHealthServer({
      port: 0,
      health: () => ({ status: 'degraded', simulation: true }),
      metrics: () => metrics,
    })
    expect((await fetch(`${server.url}/health`)).status).toBe(503)
  })

  it('error: unknown routes and other methods are refused', async () => {
    server = await startHealthServer({
      port: 0,
      health: () => ({ status: 'ok', simulation: false }),
      metrics: () => metrics,
    })
    expect((await fetch(`${server.url}/nope`)).status).toBe(404)
    expect((await fetch(`${server.url}/health`, { method: 'POST' })).status).toBe(405)
  })
})

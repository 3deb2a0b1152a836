import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readHealth, readMetrics } from './executorStatus.js'

/** Canned answers by path, served on a free port like the executor's endpoint. */
const answers = new Map<string, { status: number; body: string }>()

describe('executorStatus', () => {
  let server: Server
  let url = ''

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers.get(req.url ?? '') ?? { status: 404, body: '{}' }
      res.writeHead(answer.status).end(answer.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  test('reads health and metrics as the executor serves them', async () => {
    answers.set('/health', {
      status: 200,
      body: JSON.stringify({
        status: 'ok',
        simulation: true,
        lastCommittedSeq: '12',
        lastError: null,
        enclave: '0x1',
        racesLost: [{ winner: '0xab', toSeq: '7', verdict: 'agrees' }],
      }),
    })
    answers.set('/metrics', {
      status: 200,
      body: [
        '# HELP racetee_executor_commits_total Commits this executor landed.',
        '# TYPE racetee_executor_commits_total counter',
        'racetee_executor_commits_total 3',
        'racetee_executor_requests_committed_total 12',
        'other_metric 9',
        '',
      ].join('\n'),
    })
    expect(await readHealth(url)).toEqual({
      httpStatus: 200,
      status: 'ok',
      simulation: true,
      lastCommittedSeq: 12n,
      lastError: null,
      racesLost: [{ winner: '0xab', toSeq: 7n, verdict: 'agrees' }],
    })
    expect([...(await readMetrics(url))]).toEqual([
      ['commits_total', 3n],
      ['requests_committed_total', 12n],
    ])
  })

  test('behavior: a degraded node (503) still yields its health and last error code', async () => {
    answers.set('/health', {
      status: 503,
      body: '{"status":"degraded","simulation":true,"lastCommittedSeq":"4","lastError":"ENCLAVE_BLOB_MISSING"}',
    })
    expect(await readHealth(url)).toMatchObject({
      httpStatus: 503,
      status: 'degraded',
      lastError: 'ENCLAVE_BLOB_MISSING',
    })
  })

  test('error: a health answer without its fields, a refused metrics request', async () => {
    answers.set('/health', { status: 200, body: '{"status":"ok"}' })
    await expect(readHealth(url)).rejects.toMatchObject({ code: 'TOOLING_FAILED' })
    answers.set('/metrics', { status: 500, body: '' })
    await expect(readMetrics(url)).rejects.toMatchObject({ code: 'TOOLING_FAILED' })
  })
})

import { errorCodes, RaceteeError } from '@racetee/protocol'
import { pino } from 'pino'
import { afterEach, describe, expect, test } from 'vitest'
import type { ReadCallParams, ReadCallResult } from '../enclave/enclaveProcessApi.js'
import { type HealthServer, startHealthServer } from '../health/healthServer.js'
import { READ_PATH, readEndpoint } from './readEndpoint.js'
import { SignerRateLimiter } from './SignerRateLimiter.js'

const account = '0x00000000000000000000000000000000000A11cE'
const enclaveAddress = '0x000000000000000000000000000000000000e0c1'
const answer: ReadCallResult = {
  sealed: '0xabcd',
  signature: '0x1234',
  commitId: `0x${'11'.repeat(32)}`,
  toSeq: 7n,
  blockNumber: 42n,
}

let server: HealthServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(read: (call: ReadCallParams) => Promise<ReadCallResult>, perMinute = 60) {
  server = await startHealthServer({
    port: 0,
    health: () => ({ status: 'ok', simulation: true }),
    metrics: () => {
      throw new RangeError('not asked')
    },
    routes: [
      readEndpoint({
        enclave: { read },
        enclaveAddress,
        atBlock: async () => 42n,
        limiter: new SignerRateLimiter({ perMinute }),
        logger: pino({ level: 'silent' }),
      }),
    ],
  })
  return server.url
}

const post = (url: string, body: unknown) =>
  fetch(`${url}${READ_PATH}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('readEndpoint', () => {
  test('passes the query to the enclave at the head and answers its sealed, signed answer', async () => {
    const calls: ReadCallParams[] = []
    const url = await serve(async (call) => {
      calls.push(call)
      return answer
    })
    const res = await post(url, { account, epoch: '3', envelope: '0x01ff' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      enclave: enclaveAddress,
      sealed: '0xabcd',
      signature: '0x1234',
      commitId: answer.commitId,
      toSeq: '7',
      blockNumber: '42',
    })
    expect(calls).toEqual([
      { atBlock: 42n, account: '0x00000000000000000000000000000000000A11cE', epoch: 3n, envelope: '0x01ff' },
    ])
  })

  test('behavior: the health routes still answer on the same port', async () => {
    const url = await serve(async () => answer)
    expect((await fetch(`${url}/health`)).status).toBe(200)
  })

  test('error: over the per-account rate (429 EXECUTOR_READ_RATE_LIMITED)', async () => {
    const url = await serve(async () => answer, 1)
    expect((await post(url, { account, epoch: '0', envelope: '0x01' })).status).toBe(200)
    const res = await post(url, { account, epoch: '0', envelope: '0x01' })
    expect(res.status).toBe(429)
    expect(((await res.json()) as { code: string }).code).toBe(errorCodes.EXECUTOR_READ_RATE_LIMITED)
  })

  test('error: an enclave refusal keeps its code (400), a malformed body is PROTOCOL_MALFORMED', async () => {
    const url = await serve(async () => {
      throw new RaceteeError(errorCodes.ENCLAVE_READ_EXPIRED, 'The read query has expired.')
    })
    const refused = await post(url, { account, epoch: '0', envelope: '0x01' })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { code: string }).code).toBe(errorCodes.ENCLAVE_READ_EXPIRED)
    for (const body of [
      'not json',
      { account: 'nope', epoch: '0', envelope: '0x' },
      { account, epoch: '-1', envelope: '0x' },
      { account, epoch: '0', envelope: '0x1' },
    ]) {
      const res = await post(url, body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe(errorCodes.PROTOCOL_MALFORMED)
    }
    expect((await fetch(`${url}${READ_PATH}`)).status).toBe(405)
  })
})

/**
 * An HTTP JSON-RPC proxy in front of anvil that injects the chain faults of issue 6 (D7: "RPC
 * errors retried with backoff"; D2 "the host may lie, drop, replay, reorder"). In `faulty` mode
 * it fails one call in `every` (a seeded `faultSchedule`), either with HTTP 503 or with a
 * JSON-RPC error object, and never forwards a failed call (so a failed `eth_sendRawTransaction`
 * was not sent). In `passThrough` mode it only forwards, so a process can start cleanly through
 * it before faults begin. A `rewrite` hook may alter successful answers (a dishonest host's view
 * of `eth_getLogs`), a `rewriteParams` hook the calls it forwards (a host asking for stale
 * state), and a `hold` hook may keep a call back until a promise settles (a commit transaction
 * delayed while another lands first: a race the test decides). It listens on 127.0.0.1 on a
 * free port; `stop()` closes it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { faultSchedule } from './faultSchedule.js'

export type JsonRpcCall = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown }
export type JsonRpcAnswer = { jsonrpc: '2.0'; id: unknown; result?: unknown; error?: unknown }

/** Changes a successful answer; returns the (possibly new) result. */
export type JsonRpcRewrite = (method: string, params: unknown, result: unknown) => unknown
/** Changes a call's params before it is forwarded; returns the (possibly new) params. */
export type JsonRpcParamsRewrite = (method: string, params: unknown) => unknown
/** Returns a promise to forward the call only once it settles, or undefined to forward now. */
export type JsonRpcHold = (method: string, params: unknown) => Promise<unknown> | undefined

export type JsonRpcFaultProxyParameters = {
  /** anvil's HTTP URL. */
  target: string
  /** One call in `every` fails while faulty. */
  every: number
  /** Makes the failing calls reproducible. */
  seed: string
  /** How a call fails; `mixed` draws 503 or an error object per call from the seed. */
  failWith?: '503' | 'rpcError' | 'mixed'
  /** Start in this mode (default `faulty`). */
  mode?: JsonRpcFaultProxyMode
  rewrite?: JsonRpcRewrite
  rewriteParams?: JsonRpcParamsRewrite
}

export type JsonRpcFaultProxyMode = 'faulty' | 'passThrough'

export type JsonRpcFaultProxyStats = { calls: number; failed: number; rewritten: number; held: number }

export type JsonRpcFaultProxy = {
  url: string
  setMode(mode: JsonRpcFaultProxyMode): void
  setRewrite(rewrite: JsonRpcRewrite | undefined): void
  setRewriteParams(rewrite: JsonRpcParamsRewrite | undefined): void
  setHold(hold: JsonRpcHold | undefined): void
  stats(): JsonRpcFaultProxyStats
  stop(): Promise<void>
}

/**
 * The JSON-RPC error an injected fault answers: EIP-1474's "internal error", a transient fault of
 * the node (clients such as viem retry it). Not -32000 "invalid input", which says the call
 * itself was wrong and is rightly not retried.
 */
export const INJECTED_RPC_ERROR = { code: -32603, message: 'injected fault (faults harness)' } as const

export async function startJsonRpcFaultProxy(
  parameters: JsonRpcFaultProxyParameters,
): Promise<JsonRpcFaultProxy> {
  const { target } = parameters
  const schedule = faultSchedule({ every: parameters.every, seed: parameters.seed })
  const failWith = parameters.failWith ?? 'mixed'
  let mode: JsonRpcFaultProxyMode = parameters.mode ?? 'faulty'
  let rewrite = parameters.rewrite
  let rewriteParams = parameters.rewriteParams
  let hold: JsonRpcHold | undefined
  const stats: JsonRpcFaultProxyStats = { calls: 0, failed: 0, rewritten: 0, held: 0 }

  async function forward(body: unknown): Promise<unknown> {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return res.json()
  }

  function rewritten(call: JsonRpcCall, answer: JsonRpcAnswer): JsonRpcAnswer {
    if (!rewrite || typeof call.method !== 'string' || !('result' in answer)) return answer
    const result = rewrite(call.method, call.params, answer.result)
    if (result === answer.result) return answer
    stats.rewritten++
    return { ...answer, result }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      res.writeHead(400).end('not JSON')
      return
    }
    const batch = Array.isArray(body)
    const calls = (batch ? body : [body]) as JsonRpcCall[]
    const failing = new Set<JsonRpcCall>()
    let as503 = false
    for (const call of calls) {
      const n = stats.calls++
      if (mode === 'faulty' && schedule.fails(n)) {
        failing.add(call)
        stats.failed++
        if (failWith === '503' || (failWith === 'mixed' && schedule.coin(n))) as503 = true
      }
    }
    if (as503) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('injected fault (faults harness)')
      return
    }
    const passing = calls.filter((call) => !failing.has(call))
    const waits = passing.flatMap((call) => {
      const wait = hold && typeof call.method === 'string' ? hold(call.method, call.params) : undefined
      return wait ? [wait] : []
    })
    if (waits.length > 0) {
      stats.held += waits.length
      // Whatever the hold's outcome, the call goes on: a hold delays, it never drops.
      await Promise.allSettled(waits)
    }
    const outgoing = passing.map((call) => {
      if (!rewriteParams || typeof call.method !== 'string') return call
      const params = rewriteParams(call.method, call.params)
      if (params === call.params) return call
      stats.rewritten++
      return { ...call, params }
    })
    const forwarded = outgoing.length === 0 ? [] : await forward(batch ? outgoing : outgoing[0])
    const answers = (Array.isArray(forwarded) ? forwarded : [forwarded]) as JsonRpcAnswer[]
    const byCall = calls.map((call): JsonRpcAnswer => {
      if (failing.has(call)) return { jsonrpc: '2.0', id: call.id ?? null, error: INJECTED_RPC_ERROR }
      const answer = answers.find((a) => a.id === call.id) ?? answers[passing.indexOf(call)]
      return rewritten(call, answer ?? { jsonrpc: '2.0', id: call.id ?? null, error: INJECTED_RPC_ERROR })
    })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(batch ? byCall : byCall[0]))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // anvil itself failed (it was stopped): answer as a dead upstream does.
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next
    },
    setRewrite: (next) => {
      rewrite = next
    },
    setRewriteParams: (next) => {
      rewriteParams = next
    },
    setHold: (next) => {
      hold = next
    },
    stats: () => ({ ...stats }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The devnet dashboard's HTTP server (D8 "a dashboard shows blocks, requests, commits, race
 * winners and latency"; issue 9): node:http, no framework. It serves the page, `GET
 * /api/snapshot` (JSON) and `GET /api/events` (Server-Sent Events, a `snapshot` event on every
 * change, throttled), all built by one `DashboardFeed` from public data only: the chain and the
 * services' health endpoints. It never holds a key, a plaintext or a decrypted result.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Address, createPublicClient, http, type PublicClient } from 'viem'
import { DashboardFeed } from './feed/DashboardFeed.js'
import { loadPageFiles, servePage } from './server/servePage.js'

export type StartDashboardParameters = {
  rpcUrl: string
  mc: Address
  deployBlock: bigint
  storage: { url: string; signer: Address }[]
  executors: { healthUrl: string; enclave: Address; account: Address }[]
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1: a devnet dashboard is for this machine. */
  host?: string
  /** Label the page SIMULATION (D2): the devnet runs the simulation provider. Default true. */
  simulation?: boolean
  /** Chain poll interval; default 500 ms. */
  pollMs?: number
}

export type StartDashboardReturnType = { url: string; stop(): Promise<void> }

/** SSE clients get at most one snapshot per this many ms (a catch-up scan changes a lot at once). */
const PUSH_EVERY_MS = 250
const KEEPALIVE_MS = 15_000

export async function startDashboard(
  parameters: StartDashboardParameters,
): Promise<StartDashboardReturnType> {
  const files = await loadPageFiles()
  const client = createPublicClient({ cacheTime: 0, transport: http(parameters.rpcUrl) }) as PublicClient
  const feed = new DashboardFeed({
    client,
    mc: parameters.mc,
    deployBlock: parameters.deployBlock,
    storage: parameters.storage,
    executors: parameters.executors,
    simulation: parameters.simulation ?? true,
    ...(parameters.pollMs === undefined ? {} : { pollMs: parameters.pollMs }),
  })
  const clients = new Set<ServerResponse>()
  const json = () => JSON.stringify(feed.snapshot())

  let pushTimer: ReturnType<typeof setTimeout> | undefined
  const push = () => {
    pushTimer = undefined
    if (clients.size === 0) return
    const message = `event: snapshot\ndata: ${json()}\n\n`
    for (const res of clients) res.write(message)
  }
  feed.onChange(() => {
    pushTimer ??= setTimeout(push, PUSH_EVERY_MS)
  })
  const keepalive = setInterval(() => {
    for (const res of clients) res.write(': keepalive\n\n')
  }, KEEPALIVE_MS)

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://dashboard').pathname
    // HEAD is fine for files and the snapshot; an event stream is only ever a GET.
    const allowed = path === '/api/events' ? ['GET'] : ['GET', 'HEAD']
    if (!allowed.includes(req.method ?? '')) {
      res.writeHead(405, { allow: allowed.join(', ') }).end()
      return
    }
    if (servePage(files, path, res)) return
    if (path === '/api/snapshot') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(json())
      return
    }
    if (path === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(`retry: 1000\nevent: snapshot\ndata: ${json()}\n\n`)
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"NOT_FOUND"}')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port ?? 0, parameters.host ?? '127.0.0.1', () => resolve())
  })
  feed.start()
  const { port, address } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address

  let stopping: Promise<void> | undefined
  return {
    url: `http://${host}:${port}`,
    stop() {
      stopping ??= (async () => {
        clearInterval(keepalive)
        clearTimeout(pushTimer)
        await feed.stop()
        for (const res of clients) res.end()
        clients.clear()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return stopping
    },
  }
}

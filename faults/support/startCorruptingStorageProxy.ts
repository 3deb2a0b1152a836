/**
 * An HTTP proxy in front of one storage node that serves corrupted blobs (issue 6, D6: storage
 * nodes are untrusted for content, so `GET` answers are re-hashed by every reader). Every
 * `GET /v1/blobs/<hash>` answered 200 comes back with one byte flipped while corrupting is on;
 * everything else (`POST /v1/store`, `/health`, 404s) passes unchanged, so the node still stores
 * and confirms. Registered on the MC in the node's place, it is the node as readers see it.
 * Listens on 127.0.0.1 on a free port.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type CorruptingStorageProxyStats = { requests: number; corrupted: number }

export type CorruptingStorageProxy = {
  url: string
  setCorrupting(on: boolean): void
  stats(): CorruptingStorageProxyStats
  stop(): Promise<void>
}

const BLOB_PATH = /^\/v1\/blobs\/0x[0-9a-fA-F]{64}$/

/** Flips every bit of the middle byte: same length, other hash. */
export function flipOneByte(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new RangeError('bytes must not be empty')
  const out = Uint8Array.from(bytes)
  const i = out.length >> 1
  out[i] = out[i]! ^ 0xff
  return out
}

export async function startCorruptingStorageProxy(parameters: {
  /** The storage node's base URL. */
  target: string
  corrupting?: boolean
}): Promise<CorruptingStorageProxy> {
  const target = parameters.target.replace(/\/$/, '')
  let corrupting = parameters.corrupting ?? true
  const stats: CorruptingStorageProxyStats = { requests: 0, corrupted: 0 }

  const server = createServer((req, res) => {
    void (async () => {
      stats.requests++
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      })
      let body: Uint8Array = new Uint8Array(await upstream.arrayBuffer())
      const blobGet = req.method === 'GET' && BLOB_PATH.test(req.url ?? '') && upstream.status === 200
      if (corrupting && blobGet && body.length > 0) {
        body = flipOneByte(body)
        stats.corrupted++
      }
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      })
      res.end(body)
    })().catch(() => {
      // The node is down: answer as a dead upstream does.
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
    setCorrupting: (on) => {
      corrupting = on
    },
    stats: () => ({ ...stats }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Test double of a storage node's read route (D6, `GET /v1/blobs/<hash>`), until the real node
 * runs in these tests: serves blobs from a map under two base paths, `/good` as stored and
 * `/tampered` with one byte flipped, so a client that trusts a node without re-hashing fails.
 * Listens on a free port; `close()` stops it.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Hex } from 'viem'

export type BlobServer = {
  goodUrl: string
  tamperedUrl: string
  /** Paths asked for, in order, e.g. `/tampered/v1/blobs/0x…`. */
  asked: string[]
  close: () => Promise<void>
}

export async function startBlobServer(blobs: ReadonlyMap<Hex, Uint8Array>): Promise<BlobServer> {
  const asked: string[] = []
  const server = createServer((req, res) => {
    const path = req.url ?? ''
    asked.push(path)
    const match = /^\/(good|tampered)\/v1\/blobs\/(0x[0-9a-f]{64})$/.exec(path)
    const bytes = match ? blobs.get(match[2] as Hex) : undefined
    if (req.method !== 'GET' || !match || !bytes) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 'STORAGE_NOT_FOUND', message: 'no such blob' }))
      return
    }
    const body = Buffer.from(bytes)
    if (match[1] === 'tampered') body[body.length - 1]! ^= 0x01
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    res.end(body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  return {
    goodUrl: `${base}/good`,
    tamperedUrl: `${base}/tampered`,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

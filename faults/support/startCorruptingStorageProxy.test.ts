import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchBlob } from '@racetee/storage'
import { bytesToHex, keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { flipOneByte, startCorruptingStorageProxy } from './startCorruptingStorageProxy.js'

const blob = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)
const hash = keccak256(blob)

/** An in-process stand-in for a storage node: serves one blob, echoes stores, 404 otherwise. */
function fakeNode() {
  const stored: Uint8Array[] = []
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (req.method === 'GET' && req.url === `/v1/blobs/${hash}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(blob)
    } else if (req.method === 'POST' && req.url === '/v1/store') {
      stored.push(new Uint8Array(Buffer.concat(chunks)))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: 1 }))
    } else {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'STORAGE_NOT_FOUND' }))
    }
  })
  return { server, stored }
}

describe('startCorruptingStorageProxy', () => {
  const node = fakeNode()
  let target: string

  beforeAll(async () => {
    await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve))
    target = `http://127.0.0.1:${(node.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    node.server.closeAllConnections()
    await new Promise((resolve) => node.server.close(resolve))
  })

  test('serves blobs with one byte flipped, which a reader refuses by their hash', async () => {
    const proxy = await startCorruptingStorageProxy({ target })
    try {
      const raw = new Uint8Array(await (await fetch(`${proxy.url}/v1/blobs/${hash}`)).arrayBuffer())
      expect(raw).toHaveLength(blob.length)
      expect(raw.filter((b, i) => b !== blob[i])).toHaveLength(1)
      await expect(fetchBlob({ url: proxy.url, hash })).rejects.toMatchObject({
        code: 'STORAGE_HASH_MISMATCH',
      })
      expect(proxy.stats()).toEqual({ requests: 2, corrupted: 2 })
    } finally {
      await proxy.stop()
    }
  })

  test('behavior: stores and other answers pass unchanged; switched off it serves intact bytes', async () => {
    const proxy = await startCorruptingStorageProxy({ target })
    try {
      const body = Uint8Array.from([1, 2, 3, 4])
      const stored = await fetch(`${proxy.url}/v1/store`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body,
      })
      expect(stored.status).toBe(200)
      expect(bytesToHex(node.stored.at(-1)!)).toBe(bytesToHex(body))
      expect((await fetch(`${proxy.url}/v1/blobs/0x${'00'.repeat(32)}`)).status).toBe(404)
      proxy.setCorrupting(false)
      expect(keccak256(await fetchBlob({ url: proxy.url, hash }))).toBe(hash)
      expect(proxy.stats().corrupted).toBe(0)
    } finally {
      await proxy.stop()
    }
  })

  test('error: a node that is down answers 502 through the proxy; flipOneByte refuses empty bytes', async () => {
    const proxy = await startCorruptingStorageProxy({ target: 'http://127.0.0.1:1' })
    try {
      expect((await fetch(`${proxy.url}/v1/blobs/${hash}`)).status).toBe(502)
    } finally {
      await proxy.stop()
    }
    expect(() => flipOneByte(new Uint8Array())).toThrow(RangeError)
  })
})

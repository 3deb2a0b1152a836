/**
 * An in-process storage node for the storage client's tests (D6, docs/storage-api.md): a
 * node:http server on a free port that answers `POST /v1/store` with a real `Availability`
 * signature and serves what it stored, or misbehaves as told. `mode` can change while it runs,
 * so a test can take a node down and bring it back at the same URL. It checks no store
 * authorisation: that is the real node's job, tested in packages/storage.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { availabilitySigningHash, raceteeDomain } from '@racetee/protocol'
import { decodeStoreRequest } from '@racetee/storage'
import { type Address, type Hex, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

export type FakeNodeMode =
  /** Stores and confirms, serves intact bytes. */
  | 'ok'
  /** Resets every connection at once (a crashed node behind a live port). */
  | 'down'
  /** Accepts the connection and never answers. */
  | 'hang'
  /** Answers 500 STORAGE_INTERNAL. */
  | 'error500'
  /** Stores, then answers with a signature by some other key. */
  | 'badSignature'
  /** Refuses every store 400 STORAGE_BAD_REQUEST (a refusal that will not change). */
  | 'badRequest'
  /** Stores and confirms, but serves every blob with its last byte flipped. */
  | 'corrupt'

export type FakeStorageNode = {
  url: string
  signer: Address
  mode: FakeNodeMode
  /** Blobs stored, by hash (lower case). */
  readonly blobs: Map<string, Uint8Array>
  /** Requests received, by kind, whatever the mode did with them. */
  readonly requests: { store: number; get: number }
  close: () => Promise<void>
}

export async function startFakeStorageNode(parameters: {
  chainId: number
  mc: Address
  mode?: FakeNodeMode
}): Promise<FakeStorageNode> {
  const account = privateKeyToAccount(generatePrivateKey())
  const impostor = privateKeyToAccount(generatePrivateKey())
  const domain = raceteeDomain(parameters.chainId, parameters.mc)
  const sockets = new Set<Socket>()

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname
    const isStore = request.method === 'POST' && path === '/v1/store'
    if (isStore) node.requests.store++
    else node.requests.get++
    if (node.mode === 'down') return void request.socket.destroy()
    if (node.mode === 'hang') return
    if (node.mode === 'error500')
      return json(response, 500, { code: 'STORAGE_INTERNAL', message: 'Disk error.', details: 'fake' })
    if (isStore) {
      if (node.mode === 'badRequest')
        return json(response, 400, { code: 'STORAGE_BAD_REQUEST', message: 'Refused.', details: 'fake' })
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      const batch = decodeStoreRequest(new Uint8Array(Buffer.concat(chunks)))
      for (const blob of batch.blobs) node.blobs.set(keccak256(blob), blob.slice())
      const hash = availabilitySigningHash(domain, {
        prevCommit: batch.prevCommit,
        blobsRoot: batch.blobsRoot,
      })
      const signer = node.mode === 'badSignature' ? impostor : account
      return json(response, 200, {
        signer: account.address,
        signature: await signer.sign({ hash }),
        stored: new Set(batch.blobs.map((b) => keccak256(b))).size,
      })
    }
    const hash = path.slice('/v1/blobs/'.length).toLowerCase() as Hex
    const bytes = node.blobs.get(hash)
    if (!path.startsWith('/v1/blobs/') || !bytes)
      return json(response, 404, { code: 'STORAGE_NOT_FOUND', message: 'Blob not found.', details: hash })
    const served = bytes.slice()
    if (node.mode === 'corrupt') served[served.length - 1] = (served.at(-1) ?? 0) ^ 0xff
    response.writeHead(200, { 'content-type': 'application/octet-stream' })
    response.end(served)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const node: FakeStorageNode = {
    url: `http://127.0.0.1:${port}`,
    signer: account.address,
    mode: parameters.mode ?? 'ok',
    blobs: new Map(),
    requests: { store: 0, get: 0 },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  return node
}

/** Polls `check` every 20 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new RangeError(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

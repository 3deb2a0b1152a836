/**
 * The storage node's HTTP server (D6, docs/storage-api.md): `POST /v1/store`,
 * `GET /v1/blobs/<hash>`, `GET /health`, over node:http.
 *
 * Order of a store, which the confirmation's meaning rests on: decode and authorise the whole
 * batch first (nothing unauthorised reaches the disk), then write every blob durably, and only
 * then sign `Availability`. A confirmation is a promise to serve those blobs, so it is never
 * given for a blob that is not fsynced. Reads re-hash; corrupt files are quarantined, not served.
 * Blob bytes are never logged or put in an answer other than the blob's own GET.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errorCodes, raceteeDomain } from '@racetee/protocol'
import { type Logger, pino } from 'pino'
import type { Address } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { createAvailabilitySigner } from './availabilitySigner.js'
import { BlobStore, blobName } from './blobStore.js'
import { refusal, sendError, sendJson } from './httpAnswers.js'
import { readBody } from './readBody.js'
import type { StoreChain } from './storeChain.js'
import { authoriseStoreRequest } from './storeRequest.js'

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024
const DEFAULT_MAX_CONCURRENT_STORES = 4
/** Parallel blob writes within one store: enough to overlap fsyncs, few open files. */
const WRITE_PARALLELISM = 8
/** How long `close` waits for in-flight requests before cutting connections. */
const CLOSE_GRACE_MS = 10_000

export type CreateStorageServerParameters = {
  dataDir: string
  /** The node's signing key (see `loadNodeKey`). */
  account: PrivateKeyAccount
  chainId: bigint | number
  mc: Address
  chain: StoreChain
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  maxBodyBytes?: number
  /** Stores buffered at once (each up to `maxBodyBytes`); more are answered 503. */
  maxConcurrentStores?: number
  logger?: Logger
}

export type StorageServer = {
  url: string
  port: number
  signer: Address
  store: BlobStore
  /** Stops accepting, lets in-flight requests finish (up to a grace period), then resolves. */
  close: () => Promise<void>
}

export async function createStorageServer(parameters: CreateStorageServerParameters): Promise<StorageServer> {
  const {
    dataDir,
    account,
    chainId,
    mc,
    chain,
    host = '127.0.0.1',
    port = 0,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    maxConcurrentStores = DEFAULT_MAX_CONCURRENT_STORES,
    logger = pino({ level: 'silent' }),
  } = parameters
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)
    throw new RangeError('maxBodyBytes must be a positive integer')
  const store = await BlobStore.open(dataDir, logger)
  const domain = raceteeDomain(chainId, mc)
  const signer = createAvailabilitySigner({ account, chainId, mc })
  let activeStores = 0

  async function handleStore(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Refusals before the body is read leave it unread: answer, then drop the connection.
    const refuseUnread = (
      err: unknown,
      options: { status?: number; headers?: Record<string, string> } = {},
    ) => {
      response.once('finish', () => request.socket.destroy())
      sendError(response, err, logger, { ...options, headers: { ...options.headers, connection: 'close' } })
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/octet-stream')
      return refuseUnread(
        refusal(
          errorCodes.STORAGE_BAD_REQUEST,
          'Unsupported content type.',
          'expected application/octet-stream',
        ),
        { status: 415 },
      )
    if (activeStores >= maxConcurrentStores)
      return refuseUnread(
        refusal(errorCodes.STORAGE_UNAVAILABLE, 'Storage node busy.', `${activeStores} stores in progress`),
        { headers: { 'retry-after': '1' } },
      )
    activeStores++
    try {
      let body: Uint8Array
      try {
        body = await readBody(request, maxBodyBytes)
      } catch (err) {
        return refuseUnread(err)
      }
      const batch = await authoriseStoreRequest({ body, domain, chain })
      let written = 0
      await forEachLimited(batch.blobs, WRITE_PARALLELISM, async (blob) => {
        // authoriseStoreRequest computed each hash from these bytes.
        if ((await store.put(blob.hash, blob.bytes, { hashChecked: true })) === 'written') written++
      })
      const { prevCommit, blobsRoot, toBlock } = batch.authorization
      const signature = await signer.sign({ prevCommit, blobsRoot })
      logger.info(
        {
          prevCommit,
          blobsRoot,
          toBlock,
          enclave: batch.signer,
          blobs: batch.blobs.length,
          written,
          bytes: body.length,
        },
        'stored',
      )
      sendJson(response, 200, { signer: signer.address, signature, stored: batch.blobs.length })
    } finally {
      activeStores--
    }
  }

  async function handleGetBlob(name: string, response: ServerResponse): Promise<void> {
    const hash = blobName(name)
    const read = await store.get(hash)
    if (!read.found)
      throw refusal(
        errorCodes.STORAGE_NOT_FOUND,
        'Blob not found.',
        read.corrupt ? `${hash} was corrupt on disk and has been quarantined` : hash,
      )
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': read.bytes.length,
      'cache-control': 'public, max-age=31536000, immutable',
    })
    response.end(read.bytes)
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://node').pathname
    const method = request.method ?? 'GET'
    const only = (allowed: string) => {
      if (method === allowed) return true
      sendError(
        response,
        refusal(errorCodes.STORAGE_BAD_REQUEST, 'Method not allowed.', `${method} ${path}; use ${allowed}`),
        logger,
        { status: 405, headers: { allow: allowed } },
      )
      return false
    }
    if (path === '/health') {
      if (only('GET'))
        sendJson(response, 200, {
          status: 'ok',
          signer: signer.address,
          chainId: Number(chainId),
          mc,
          blobs: store.count(),
          bytes: store.bytes(),
          simulation: false,
        })
    } else if (path === '/v1/store') {
      if (only('POST')) await handleStore(request, response)
    } else if (path.startsWith('/v1/blobs/')) {
      if (only('GET')) await handleGetBlob(path.slice('/v1/blobs/'.length), response)
    } else {
      throw refusal(errorCodes.STORAGE_NOT_FOUND, 'No such route.', `${method} ${path}`)
    }
  }

  const server = createServer((request, response) => {
    const started = performance.now()
    response.once('finish', () => {
      logger.debug(
        {
          method: request.method,
          path: request.url,
          status: response.statusCode,
          ms: performance.now() - started,
        },
        'request',
      )
    })
    route(request, response).catch((err: unknown) => sendError(response, err, logger))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      force.unref()
      server.close(() => {
        clearTimeout(force)
        resolve()
      })
      server.closeIdleConnections()
    })
    return closing
  }
  return { url, port: bound, signer: signer.address, store, close }
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * The HTTP server in-process against a fake chain (the chain itself is exercised in
 * storageNode.test.ts): routes, statuses and error shapes of docs/storage-api.md.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { blobsRoot, raceteeDomain, storeAuthorizationTypes } from '@racetee/protocol'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeStoreRequest, fetchBlob, storeBlobs } from '../src/index.js'
import { createStorageServer, type StorageServer } from '../src/server/index.js'

const chainId = 31337
const mc: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const enclave = privateKeyToAccount(generatePrivateKey())
const MAX_BODY = 64 * 1024

async function authorise(blobs: Uint8Array[], prevCommit: Hex = keccak256(toHex('prev'))) {
  const message = { prevCommit, blobsRoot: blobsRoot(blobs.map((b) => keccak256(b))), toBlock: 9n }
  const signature = await enclave.signTypedData({
    domain: raceteeDomain(chainId, mc),
    types: storeAuthorizationTypes,
    primaryType: 'StoreAuthorization',
    message,
  })
  return { ...message, signature }
}

describe('createStorageServer', () => {
  let dir: string
  let node: StorageServer
  const blobs = [new Uint8Array([7, 7, 7]), new TextEncoder().encode('sealed page')]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'racetee-server-'))
    node = await createStorageServer({
      dataDir: dir,
      account: privateKeyToAccount(generatePrivateKey()),
      chainId,
      mc,
      chain: { blockNumber: async () => 10n, isAdmittedAt: async (signer) => signer === enclave.address },
      maxBodyBytes: MAX_BODY,
    })
  })
  afterAll(async () => {
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (body: Uint8Array, type = 'application/octet-stream') =>
    fetch(`${node.url}/v1/store`, { method: 'POST', headers: { 'content-type': type }, body })

  it('stores a batch, confirms it, serves it, and reports health', async () => {
    const authorization = await authorise(blobs)
    const confirmation = await storeBlobs({ url: node.url, chainId, mc, authorization, blobs })
    expect(confirmation).toMatchObject({ signer: node.signer, stored: 2 })
    for (const blob of blobs) expect(await fetchBlob({ url: node.url, hash: keccak256(blob) })).toEqual(blob)
    const health = await (await fetch(`${node.url}/health`)).json()
    const bytes = blobs.reduce((sum, b) => sum + b.length, 0)
    expect(health).toEqual({
      status: 'ok',
      signer: node.signer,
      chainId,
      mc,
      blobs: 2,
      bytes,
      simulation: false,
    })
  })

  it('behavior: the same batch again answers the same confirmation', async () => {
    const authorization = await authorise(blobs)
    const first = await storeBlobs({ url: node.url, chainId, mc, authorization, blobs })
    const again = await storeBlobs({ url: node.url, chainId, mc, authorization, blobs: [...blobs].reverse() })
    expect(again).toEqual(first)
    expect(node.store.count()).toBe(2)
  })

  it('behavior: a corrupt file is quarantined and answered 404 saying so', async () => {
    const blob = new TextEncoder().encode('to be corrupted')
    await storeBlobs({ url: node.url, chainId, mc, authorization: await authorise([blob]), blobs: [blob] })
    const hash = keccak256(blob)
    writeFileSync(node.store.pathOf(hash), new TextEncoder().encode('to be c0rrupted'))
    const res = await fetch(`${node.url}/v1/blobs/${hash}`)
    expect(res.status).toBe(404)
    const answer = (await res.json()) as { code: string; details: string }
    expect(answer.code).toBe('STORAGE_NOT_FOUND')
    expect(answer.details).toMatch(/corrupt/)
    expect(readdirSync(join(dir, 'quarantine')).some((f) => f.startsWith(hash))).toBe(true)
  })

  it('error: unknown routes are 404, wrong methods 405, malformed hashes 400', async () => {
    const unknown = await fetch(`${node.url}/v2/nothing`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ code: 'STORAGE_NOT_FOUND' })
    const wrong = await fetch(`${node.url}/v1/store`)
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await fetch(`${node.url}/health`, { method: 'POST' })).status).toBe(405)
    const bad = await fetch(`${node.url}/v1/blobs/0x1234`)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'STORAGE_BAD_REQUEST' })
    const missing = await fetch(`${node.url}/v1/blobs/${keccak256(toHex('absent'))}`)
    expect(missing.status).toBe(404)
  })

  it('error: a body over the limit is 413, declared or streamed', async () => {
    const authorization = await authorise([new Uint8Array(MAX_BODY)])
    const body = encodeStoreRequest(authorization, [new Uint8Array(MAX_BODY)])
    const declared = await post(body)
    expect(declared.status).toBe(413)
    expect(await declared.json()).toMatchObject({ code: 'STORAGE_TOO_LARGE' })
    const streamed = await fetch(`${node.url}/v1/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < body.length; at += 4096) controller.enqueue(body.subarray(at, at + 4096))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
  })

  it('error: wrong content type is 415, malformed body 400, stranger 403', async () => {
    const authorization = await authorise(blobs)
    const body = encodeStoreRequest(authorization, blobs)
    expect((await post(body, 'application/json')).status).toBe(415)
    const malformed = await post(body.subarray(0, body.length - 1))
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ code: 'STORAGE_BAD_REQUEST' })
    const stranger = privateKeyToAccount(generatePrivateKey())
    const forged = encodeStoreRequest(
      {
        ...authorization,
        signature: await stranger.signTypedData({
          domain: raceteeDomain(chainId, mc),
          types: storeAuthorizationTypes,
          primaryType: 'StoreAuthorization',
          message: authorization,
        }),
      },
      blobs,
    )
    const refused = await post(forged)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'STORAGE_UNAUTHORISED' })
  })

  it('error: a store without a valid authorisation writes nothing', async () => {
    const fresh = [new TextEncoder().encode('never authorised')]
    const before = { blobs: node.store.count(), bytes: node.store.bytes() }
    const authorization = await authorise(fresh)
    const unsigned = await post(encodeStoreRequest({ ...authorization, signature: '0x' }, fresh))
    expect(unsigned.status).toBe(400)
    const stranger = privateKeyToAccount(generatePrivateKey())
    const bySomeoneElse = await post(
      encodeStoreRequest(
        {
          ...authorization,
          signature: await stranger.signTypedData({
            domain: raceteeDomain(chainId, mc),
            types: storeAuthorizationTypes,
            primaryType: 'StoreAuthorization',
            message: authorization,
          }),
        },
        fresh,
      ),
    )
    expect(bySomeoneElse.status).toBe(403)
    // Signed by the admitted enclave, but for a block the node's chain has not reached (head 10).
    const early = { prevCommit: authorization.prevCommit, blobsRoot: authorization.blobsRoot, toBlock: 11n }
    const ahead = await post(
      encodeStoreRequest(
        {
          ...early,
          signature: await enclave.signTypedData({
            domain: raceteeDomain(chainId, mc),
            types: storeAuthorizationTypes,
            primaryType: 'StoreAuthorization',
            message: early,
          }),
        },
        fresh,
      ),
    )
    expect(ahead.status).toBe(403)
    expect(await ahead.json()).toMatchObject({ code: 'STORAGE_UNAUTHORISED' })
    expect(await node.store.has(keccak256(fresh[0]!))).toBe(false)
    expect({ blobs: node.store.count(), bytes: node.store.bytes() }).toEqual(before)
  })
})

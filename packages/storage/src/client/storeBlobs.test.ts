import { availabilitySigningHash, isRaceteeError, raceteeDomain } from '@racetee/protocol'
import { type Hex, keccak256, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { storeBlobs } from './storeBlobs.js'
import { decodeStoreRequest, encodeStoreRequest } from './storeRequestCodec.js'

const chainId = 31337n
const mc = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const node = privateKeyToAccount(generatePrivateKey())
const authorization = {
  prevCommit: keccak256(toHex('prev')),
  blobsRoot: keccak256(toHex('root')),
  toBlock: 7n,
  signature: `0x${'cd'.repeat(65)}` as Hex,
}
const blobs = [new Uint8Array([1, 2, 3])]

async function confirmation(prevCommit = authorization.prevCommit) {
  const hash = availabilitySigningHash(raceteeDomain(chainId, mc), {
    prevCommit,
    blobsRoot: authorization.blobsRoot,
  })
  return { signer: node.address, signature: await node.sign({ hash }), stored: 1 }
}

function answering(body: unknown, status = 200) {
  const seen: { method?: string | undefined; body?: Uint8Array; type?: string | null } = {}
  const fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
    seen.method = init?.method
    seen.body = init?.body as Uint8Array
    seen.type = new Headers(init?.headers).get('content-type')
    return new Response(JSON.stringify(body), { status })
  }) as typeof globalThis.fetch
  return { fetch, seen }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (isRaceteeError(err)) return err.code
    throw err
  }
  return 'resolved'
}

describe('storeBlobs', () => {
  it('posts the encoded batch and returns a confirmation that recovers to its signer', async () => {
    const answer = await confirmation()
    const { fetch, seen } = answering(answer)
    const got = await storeBlobs({ url: 'http://node.test', chainId, mc, authorization, blobs, fetch })
    expect(got).toEqual(answer)
    expect(seen.method).toBe('POST')
    expect(seen.type).toBe('application/octet-stream')
    expect(decodeStoreRequest(seen.body!)).toMatchObject({ ...authorization, blobs })
  })

  it('behavior: a body encoded once is sent as it is', async () => {
    const answer = await confirmation()
    const { fetch, seen } = answering(answer)
    const body = encodeStoreRequest(authorization, blobs)
    const got = await storeBlobs({ url: 'http://node.test', chainId, mc, authorization, body, fetch })
    expect(got).toEqual(answer)
    expect(seen.body).toBe(body)
  })

  it('error: a signature over another Availability is STORAGE_CONFIRMATION_INVALID', async () => {
    const { fetch } = answering(await confirmation(keccak256(toHex('other'))))
    expect(
      await codeOf(storeBlobs({ url: 'http://node.test', chainId, mc, authorization, blobs, fetch })),
    ).toBe('STORAGE_CONFIRMATION_INVALID')
  })

  it('error: a malformed answer is STORAGE_CONFIRMATION_INVALID', async () => {
    for (const bad of [
      {},
      { ...(await confirmation()), stored: -1 },
      { ...(await confirmation()), signature: '0x12' },
    ]) {
      const { fetch } = answering(bad)
      expect(
        await codeOf(storeBlobs({ url: 'http://node.test', chainId, mc, authorization, blobs, fetch })),
      ).toBe('STORAGE_CONFIRMATION_INVALID')
    }
  })

  it('error: the node refusing keeps its storage code', async () => {
    for (const [status, code] of [
      [403, 'STORAGE_UNAUTHORISED'],
      [400, 'STORAGE_BAD_REQUEST'],
      [413, 'STORAGE_TOO_LARGE'],
    ] as const) {
      const { fetch } = answering({ code, message: 'refused', details: 'why' }, status)
      expect(
        await codeOf(storeBlobs({ url: 'http://node.test', chainId, mc, authorization, blobs, fetch })),
      ).toBe(code)
    }
    const { fetch } = answering({ code: 'STORAGE_INTERNAL', message: 'disk' }, 500)
    expect(
      await codeOf(storeBlobs({ url: 'http://node.test', chainId, mc, authorization, blobs, fetch })),
    ).toBe('STORAGE_UNAVAILABLE')
  })
})

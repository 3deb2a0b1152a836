import {
  blobsRoot,
  isRaceteeError,
  RaceteeError,
  raceteeDomain,
  storeAuthorizationTypes,
} from '@racetee/protocol'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { encodeStoreRequest } from '../client/storeRequestCodec.js'
import type { StoreChain } from './storeChain.js'
import { authoriseStoreRequest } from './storeRequest.js'

const mc: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const domain = raceteeDomain(31337, mc)
const enclave = privateKeyToAccount(generatePrivateKey())
const stranger = privateKeyToAccount(generatePrivateKey())
const blobs = [new Uint8Array([3, 3, 3]), new Uint8Array([1]), new Uint8Array([2, 2])]
const prevCommit = keccak256(toHex('prev'))

/** A chain at head 100 where only `enclave` is admitted, from block 10. */
function fakeChain(overrides: Partial<StoreChain> = {}): StoreChain & { asked: [Address, bigint][] } {
  const asked: [Address, bigint][] = []
  return {
    asked,
    blockNumber: async () => 100n,
    isAdmittedAt: async (signer, block) => {
      asked.push([signer, block])
      return signer === enclave.address && block >= 10n
    },
    ...overrides,
  }
}

async function body(
  options: {
    items?: Uint8Array[]
    root?: Hex
    toBlock?: bigint
    signer?: typeof enclave
    signature?: Hex
  } = {},
) {
  const items = options.items ?? blobs
  const message = {
    prevCommit,
    blobsRoot: options.root ?? blobsRoot(items.map((b) => keccak256(b))),
    toBlock: options.toBlock ?? 50n,
  }
  const signature =
    options.signature ??
    (await (options.signer ?? enclave).signTypedData({
      domain,
      types: storeAuthorizationTypes,
      primaryType: 'StoreAuthorization',
      message,
    }))
  return encodeStoreRequest({ ...message, signature }, items)
}

async function refusal(promise: Promise<unknown>): Promise<RaceteeError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof RaceteeError) return err
    throw err
  }
  throw new TypeError('authoriseStoreRequest accepted the request')
}

describe('authoriseStoreRequest', () => {
  it('accepts blobs matching the root under an admitted enclave, sorted by hash', async () => {
    const chain = fakeChain()
    const got = await authoriseStoreRequest({ body: await body(), domain, chain })
    expect(got.signer).toBe(enclave.address)
    expect(got.authorization.toBlock).toBe(50n)
    expect(got.blobs.map((b) => b.hash)).toEqual(blobs.map((b) => keccak256(b)).sort())
    for (const blob of got.blobs) expect(keccak256(blob.bytes)).toBe(blob.hash)
    expect(chain.asked).toEqual([[enclave.address, 50n]])
  })

  it('behavior: duplicate blobs are stored once (blobsRoot de-duplicates)', async () => {
    const items = [...blobs, blobs[0]!]
    const got = await authoriseStoreRequest({ body: await body({ items }), domain, chain: fakeChain() })
    expect(got.blobs).toHaveLength(3)
  })

  it('error: a malformed body is STORAGE_BAD_REQUEST', async () => {
    const err = await refusal(authoriseStoreRequest({ body: new Uint8Array(7), domain, chain: fakeChain() }))
    expect(err.code).toBe('STORAGE_BAD_REQUEST')
  })

  it('error: blobs that do not match blobsRoot are STORAGE_BAD_REQUEST, before asking the chain', async () => {
    const chain = fakeChain()
    const err = await refusal(
      authoriseStoreRequest({ body: await body({ root: keccak256(toHex('other')) }), domain, chain }),
    )
    expect(err.code).toBe('STORAGE_BAD_REQUEST')
    expect(err.shortMessage).toMatch(/blobsRoot/)
    expect(chain.asked).toEqual([])
  })

  it('error: an empty batch is STORAGE_BAD_REQUEST', async () => {
    const err = await refusal(
      authoriseStoreRequest({ body: await body({ items: [] }), domain, chain: fakeChain() }),
    )
    expect(err.code).toBe('STORAGE_BAD_REQUEST')
  })

  it('error: an unreadable signature is STORAGE_BAD_REQUEST', async () => {
    for (const signature of ['0x1234', `0x${'00'.repeat(65)}`] as Hex[]) {
      const err = await refusal(
        authoriseStoreRequest({ body: await body({ signature }), domain, chain: fakeChain() }),
      )
      expect(err.code).toBe('STORAGE_BAD_REQUEST')
    }
  })

  it('error: a key the MC does not admit at toBlock is STORAGE_UNAUTHORISED', async () => {
    const strangerErr = await refusal(
      authoriseStoreRequest({ body: await body({ signer: stranger }), domain, chain: fakeChain() }),
    )
    expect(strangerErr.code).toBe('STORAGE_UNAUTHORISED')
    expect(strangerErr.details).toContain(stranger.address)
    const early = await refusal(
      authoriseStoreRequest({ body: await body({ toBlock: 5n }), domain, chain: fakeChain() }),
    )
    expect(early.code).toBe('STORAGE_UNAUTHORISED')
  })

  it('error: a toBlock ahead of the chain head is STORAGE_UNAUTHORISED', async () => {
    const chain = fakeChain()
    const err = await refusal(authoriseStoreRequest({ body: await body({ toBlock: 101n }), domain, chain }))
    expect(err.code).toBe('STORAGE_UNAUTHORISED')
    expect(chain.asked).toEqual([])
  })

  it('error: an authorisation for another deployment is STORAGE_UNAUTHORISED', async () => {
    const other = raceteeDomain(1, mc)
    const err = await refusal(
      authoriseStoreRequest({ body: await body(), domain: other, chain: fakeChain() }),
    )
    expect(err.code).toBe('STORAGE_UNAUTHORISED')
  })

  it('error: a chain that cannot answer surfaces as its own error, not as a refusal', async () => {
    const chain = fakeChain({
      isAdmittedAt: async () => {
        throw new RaceteeError('STORAGE_UNAVAILABLE', 'Storage node cannot reach its chain.')
      },
    })
    const err = await refusal(authoriseStoreRequest({ body: await body(), domain, chain }))
    expect(isRaceteeError(err, 'STORAGE_UNAVAILABLE')).toBe(true)
  })
})

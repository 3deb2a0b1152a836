import { isRaceteeError } from '@racetee/protocol'
import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { fetchBlob } from './fetchBlob.js'

const blob = new Uint8Array([5, 4, 3, 2, 1])
const hash = keccak256(blob)

/** A fetch that answers every request with `response` and records the URLs asked for. */
function fakeFetch(response: () => Response) {
  const urls: string[] = []
  const fetch = (async (input: string | URL | Request) => {
    urls.push(String(input))
    return response()
  }) as typeof globalThis.fetch
  return { fetch, urls }
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

describe('fetchBlob', () => {
  it('returns the bytes when they hash to the name asked for', async () => {
    const { fetch, urls } = fakeFetch(() => new Response(blob))
    const got = await fetchBlob({
      url: 'http://node.test/',
      hash: hash.toUpperCase().replace('0X', '0x') as never,
      fetch,
    })
    expect(got).toEqual(blob)
    expect(urls).toEqual([`http://node.test/v1/blobs/${hash}`])
  })

  it('error: bytes that do not hash to the name are STORAGE_HASH_MISMATCH', async () => {
    const { fetch } = fakeFetch(() => new Response(new Uint8Array([9, 9])))
    expect(await codeOf(fetchBlob({ url: 'http://node.test', hash, fetch }))).toBe('STORAGE_HASH_MISMATCH')
  })

  it('error: 404 is STORAGE_NOT_FOUND', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Response(JSON.stringify({ code: 'STORAGE_NOT_FOUND', message: 'no', details: '' }), {
          status: 404,
        }),
    )
    expect(await codeOf(fetchBlob({ url: 'http://node.test', hash, fetch }))).toBe('STORAGE_NOT_FOUND')
  })

  it('error: a server error, a non-storage code or an unreachable node is STORAGE_UNAVAILABLE', async () => {
    const failing = fakeFetch(() => new Response('oops', { status: 500 }))
    expect(await codeOf(fetchBlob({ url: 'http://node.test', hash, fetch: failing.fetch }))).toBe(
      'STORAGE_UNAVAILABLE',
    )
    const odd = fakeFetch(() => new Response(JSON.stringify({ code: 'SDK_TIMEOUT' }), { status: 400 }))
    expect(await codeOf(fetchBlob({ url: 'http://node.test', hash, fetch: odd.fetch }))).toBe(
      'STORAGE_UNAVAILABLE',
    )
    const refused = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof globalThis.fetch
    expect(await codeOf(fetchBlob({ url: 'http://node.test', hash, fetch: refused }))).toBe(
      'STORAGE_UNAVAILABLE',
    )
  })

  it('error: a malformed hash or URL is refused before any request', async () => {
    const { fetch, urls } = fakeFetch(() => new Response(blob))
    await expect(fetchBlob({ url: 'http://node.test', hash: '0x1234', fetch })).rejects.toThrow(RangeError)
    await expect(fetchBlob({ url: 'node.test', hash, fetch })).rejects.toThrow(TypeError)
    expect(urls).toEqual([])
  })
})

import { isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { fetchResultsBundle } from './fetchResultsBundle.js'
import { testBundle } from './test/testBundle.js'

const bundle = testBundle(1n, '0x1111111111111111111111111111111111111111', [
  { seq: 1n, program: '0x2222222222222222222222222222222222222222' },
])
const resultsHash = keccak256(bundle)

/** Storage nodes behind one fake `fetch`: each base URL answers as the map says. */
function nodes(answers: Record<string, () => Response>) {
  const asked: string[] = []
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input)
    asked.push(url)
    const base = Object.keys(answers).find((b) => url.startsWith(b))
    if (!base) throw new TypeError('connection refused')
    return answers[base]!()
  }) as typeof globalThis.fetch
  return { asked, fetch }
}

describe('fetchResultsBundle', () => {
  it('returns the bundle from the first node that serves it', async () => {
    const { asked, fetch } = nodes({ 'http://a': () => new Response(bundle.slice()) })
    expect(await fetchResultsBundle({ urls: ['http://a', 'http://b'], resultsHash, fetch })).toEqual(bundle)
    expect(asked).toEqual([`http://a/v1/blobs/${resultsHash}`])
  })

  it('behavior: a node serving tampered bytes, a 404 or nothing is skipped for the next one', async () => {
    const tampered = bundle.slice()
    tampered[tampered.length - 1]! ^= 1
    const { asked, fetch } = nodes({
      'http://tampered': () => new Response(tampered),
      'http://missing': () => new Response('{}', { status: 404 }),
      'http://good': () => new Response(bundle.slice()),
    })
    const urls = ['http://tampered', 'http://down', 'http://missing', 'http://good']
    expect(await fetchResultsBundle({ urls, resultsHash, fetch })).toEqual(bundle)
    expect(asked).toHaveLength(4)
  })

  it('error: no node serves a matching bundle: SDK_RESULT_UNAVAILABLE naming each node’s failure', async () => {
    const tampered = bundle.slice()
    tampered[0] = 2
    const { fetch } = nodes({ 'http://tampered': () => new Response(tampered) })
    const err = (await fetchResultsBundle({
      urls: ['http://tampered', 'http://down'],
      resultsHash,
      fetch,
    }).catch((e: unknown) => e)) as RaceteeError
    expect(isRaceteeError(err, 'SDK_RESULT_UNAVAILABLE')).toBe(true)
    expect(err.details).toContain('http://tampered: STORAGE_HASH_MISMATCH')
    expect(err.details).toContain('http://down: STORAGE_UNAVAILABLE')
  })

  it('error: an empty node list is SDK_RESULT_UNAVAILABLE', async () => {
    const err = await fetchResultsBundle({ urls: [], resultsHash }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_RESULT_UNAVAILABLE')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { BlobCache } from './blobCache.js'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const bytes = (n: number) => new Uint8Array(n)

describe('BlobCache', () => {
  it('returns what was stored, whatever the hash case', () => {
    const cache = new BlobCache(100)
    const blob = Uint8Array.of(1, 2, 3)
    cache.set(`0x${'AB'.repeat(32)}`, blob)
    expect(cache.get(`0x${'ab'.repeat(32)}`)).toBe(blob)
    expect(cache.get(h(9))).toBeUndefined()
  })

  it('behavior: drops the least recently used entries beyond the byte budget', () => {
    const cache = new BlobCache(100)
    cache.set(h(1), bytes(40))
    cache.set(h(2), bytes(40))
    cache.get(h(1)) // now h(2) is the least recently used
    cache.set(h(3), bytes(40))
    expect(cache.get(h(2))).toBeUndefined()
    expect(cache.get(h(1))).toBeDefined()
    expect(cache.get(h(3))).toBeDefined()
    expect(cache.size).toBe(2)
  })

  it('behavior: a blob larger than the budget is not cached; re-setting does not double count', () => {
    const cache = new BlobCache(100)
    cache.set(h(1), bytes(101))
    expect(cache.size).toBe(0)
    cache.set(h(2), bytes(60))
    cache.set(h(2), bytes(60))
    cache.set(h(3), bytes(40))
    expect(cache.size).toBe(2)
  })

  it('error: refuses a negative budget', () => {
    expect(() => new BlobCache(-1)).toThrow(RangeError)
  })
})

import { concat, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { blobsRoot } from './blobsRoot.js'

const a = `0x${'0a'.repeat(32)}` as const
const b = `0x${'0B'.repeat(32)}` as const
const c = `0x${'ff'.repeat(32)}` as const

describe('blobsRoot', () => {
  it('hashes the ascending concatenation', () => {
    expect(blobsRoot([c, a, b])).toBe(keccak256(concat([a, b.toLowerCase() as `0x${string}`, c])))
  })

  it('behavior: duplicates are dropped, whatever their case', () => {
    expect(blobsRoot([a, b, b.toLowerCase() as `0x${string}`, a])).toBe(blobsRoot([a, b]))
  })

  it('behavior: the empty list hashes to keccak("")', () => {
    expect(blobsRoot([])).toBe(keccak256('0x'))
  })

  it('error: a hash of the wrong length is a RangeError naming its index', () => {
    expect(() => blobsRoot([a, '0x1234'])).toThrow(/hashes\[1\]/)
  })
})

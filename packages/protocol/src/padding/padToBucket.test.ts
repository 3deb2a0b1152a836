import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { bucketFor, padToBucket } from './padToBucket.js'
import { isBucketLength, unpad } from './unpad.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isRaceteeError(e) ? e.code : 'other'
  }
}

describe('padToBucket', () => {
  it('pads to the smallest bucket holding len + 1 and unpads back', () => {
    const body = new Uint8Array(68).fill(0xaa)
    const padded = padToBucket(body, 128, 11)
    expect(padded.length).toBe(128)
    expect(padded[68]).toBe(0x80)
    expect(padded.subarray(69).every((b) => b === 0)).toBe(true)
    expect(unpad(padded, 128, 11)).toEqual(body)
  })

  it('behavior: a body of exactly a bucket moves to the next bucket (the marker needs a byte)', () => {
    expect(padToBucket(new Uint8Array(127), 128, 11).length).toBe(128)
    expect(padToBucket(new Uint8Array(128), 128, 11).length).toBe(256)
    expect(bucketFor(0, 128, 11)).toBe(128)
  })

  it('behavior: a body ending in 0x80 or zero bytes round-trips', () => {
    const body = new Uint8Array([0x80, 0, 0x80, 0])
    expect(unpad(padToBucket(body, 128, 1))).toEqual(body)
  })

  it('error: a body larger than the last bucket is PROTOCOL_TOO_LARGE', () => {
    expect(codeOf(() => padToBucket(new Uint8Array(128 * 1024), 128, 11))).toBe('PROTOCOL_TOO_LARGE')
  })

  it('error: a non-positive minBucket is a RangeError naming it', () => {
    expect(() => padToBucket(new Uint8Array(1), 0, 11)).toThrow(/minBucket/)
  })
})

describe('unpad', () => {
  it('strips the marker and zero fill', () => {
    expect(unpad(new Uint8Array([1, 2, 0x80, 0, 0]))).toEqual(new Uint8Array([1, 2]))
  })

  it('behavior: isBucketLength accepts only minBucket · 2^i', () => {
    expect(isBucketLength(512, 128, 11)).toBe(true)
    expect(isBucketLength(384, 128, 11)).toBe(false)
    expect(isBucketLength(256, 128, 1)).toBe(false)
  })

  it('error: no marker is PROTOCOL_MALFORMED', () => {
    expect(codeOf(() => unpad(new Uint8Array(128)))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => unpad(new Uint8Array([1, 2, 3])))).toBe('PROTOCOL_MALFORMED')
  })

  it('error: a length that is not a bucket is PROTOCOL_MALFORMED', () => {
    const padded = new Uint8Array(130)
    padded[0] = 0x80
    expect(codeOf(() => unpad(padded, 128, 11))).toBe('PROTOCOL_MALFORMED')
  })
})

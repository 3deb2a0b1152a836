import { describe, expect, test } from 'vitest'
import { SignerRateLimiter } from './SignerRateLimiter.js'

const A = '0x00000000000000000000000000000000000a11ce'
const B = '0x0000000000000000000000000000000000000b0b'

describe('SignerRateLimiter', () => {
  test('allows a burst per account, then refills at the rate', () => {
    let now = 0
    const limiter = new SignerRateLimiter({ perMinute: 60, burst: 2, now: () => now })
    expect([limiter.take(A), limiter.take(A), limiter.take(A)]).toEqual([true, true, false])
    now += 999
    expect(limiter.take(A)).toBe(false)
    now += 1
    expect(limiter.take(A)).toBe(true)
  })

  test('behavior: accounts have their own buckets, whatever the address case', () => {
    const limiter = new SignerRateLimiter({ perMinute: 1, now: () => 0 })
    expect(limiter.take(A)).toBe(true)
    expect(limiter.take(A.toUpperCase().replace('0X', '0x') as `0x${string}`)).toBe(false)
    expect(limiter.take(B)).toBe(true)
  })

  test('behavior: memory stays bounded (full buckets forgotten, oldest dropped over the cap)', () => {
    let now = 0
    const limiter = new SignerRateLimiter({ perMinute: 60, burst: 1, maxAccounts: 2, now: () => now })
    for (let i = 1; i <= 5; i++) limiter.take(`0x${i.toString(16).padStart(40, '0')}`)
    expect(limiter.tracked).toBe(2)
    now += 60_000
    limiter.take(A)
    expect(limiter.tracked).toBe(1)
  })

  test('error: a rate or burst that allows nothing (RangeError)', () => {
    expect(() => new SignerRateLimiter({ perMinute: 0 })).toThrow(RangeError)
    expect(() => new SignerRateLimiter({ perMinute: 1, burst: 0 })).toThrow(RangeError)
  })
})

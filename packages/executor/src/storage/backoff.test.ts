import { describe, expect, it } from 'vitest'
import { backoffDelay, sleep } from './backoff.js'

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const top = () => 0.999_999
    const delays = [0, 1, 2, 3, 4, 5, 60].map((a) => backoffDelay(a, { baseMs: 100, capMs: 1000 }, top))
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000])
  })

  it('behavior: jitter takes at most half off', () => {
    expect(backoffDelay(2, { baseMs: 100, capMs: 1000 }, () => 0)).toBe(200)
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(3, { baseMs: 100, capMs: 1000 })
      expect(delay).toBeGreaterThanOrEqual(400)
      expect(delay).toBeLessThanOrEqual(800)
    }
  })

  it('error: a negative attempt or an inverted range is a RangeError', () => {
    expect(() => backoffDelay(-1, { baseMs: 1, capMs: 2 })).toThrow(RangeError)
    expect(() => backoffDelay(0, { baseMs: 10, capMs: 2 })).toThrow(RangeError)
    expect(() => backoffDelay(0, { baseMs: 0, capMs: 2 })).toThrow(RangeError)
  })
})

describe('sleep', () => {
  it('resolves true after the time', async () => {
    expect(await sleep(5)).toBe(true)
  })

  it('behavior: an abort ends it early with false, and an aborted signal at once', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const sleeping = sleep(10_000, controller.signal)
    controller.abort()
    expect(await sleeping).toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await sleep(10_000, controller.signal)).toBe(false)
  })
})

import { describe, expect, test } from 'vitest'
import { faultSchedule } from './faultSchedule.js'

describe('faultSchedule', () => {
  test('fails exactly one call in every window of `every`', () => {
    const schedule = faultSchedule({ every: 5, seed: 'a' })
    for (let window = 0; window < 40; window++) {
      const failed = [0, 1, 2, 3, 4].filter((i) => schedule.fails(window * 5 + i))
      expect(failed).toHaveLength(1)
    }
  })

  test('behavior: the same seed fails the same calls, another seed others', () => {
    const calls = Array.from({ length: 200 }, (_, n) => n)
    const failed = (seed: string) => calls.filter((n) => faultSchedule({ every: 5, seed }).fails(n))
    expect(failed('a')).toEqual(failed('a'))
    expect(failed('a')).not.toEqual(failed('b'))
  })

  test('behavior: positions vary between windows, and coin draws both sides', () => {
    const schedule = faultSchedule({ every: 5, seed: 'a' })
    const positions = new Set(
      Array.from({ length: 40 }, (_, w) => [0, 1, 2, 3, 4].find((i) => schedule.fails(w * 5 + i))),
    )
    expect(positions.size).toBeGreaterThan(1)
    const coins = new Set(Array.from({ length: 40 }, (_, n) => schedule.coin(n)))
    expect(coins).toEqual(new Set([true, false]))
  })

  test('behavior: every = 1 fails every call', () => {
    const schedule = faultSchedule({ every: 1, seed: 'x' })
    expect([0, 1, 2, 3].every((n) => schedule.fails(n))).toBe(true)
  })

  test('error: every below 1 or a negative call number is a RangeError', () => {
    expect(() => faultSchedule({ every: 0, seed: 'a' })).toThrow(RangeError)
    expect(() => faultSchedule({ every: 1.5, seed: 'a' })).toThrow(RangeError)
    expect(() => faultSchedule({ every: 3, seed: 'a' }).fails(-1)).toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import { p50p95, percentile } from './percentile.js'

describe('percentile', () => {
  it('returns the nearest-rank value of an unsorted sample', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    expect(percentile(values, 50)).toBe(5)
    expect(percentile(values, 95)).toBe(10)
    expect(percentile(values, 10)).toBe(1)
    expect(percentile(values, 100)).toBe(10)
  })

  it('behavior: p95 of 40 latencies with four slow ones is an observed value, not an interpolation', () => {
    const blocks = [...Array<number>(36).fill(1), 2, 2, 3, 3]
    expect(p50p95(blocks)).toEqual({ p50: 1, p95: 2 })
  })

  it('behavior: a single value is every percentile, and the input is not reordered', () => {
    const values = [3, 1, 2]
    expect(percentile([7], 1)).toBe(7)
    expect(percentile(values, 50)).toBe(2)
    expect(values).toEqual([3, 1, 2])
  })

  it('error: an empty sample, a p outside (0, 100] or a non-finite value is a RangeError', () => {
    expect(() => percentile([], 50)).toThrow(RangeError)
    expect(() => percentile([1], 0)).toThrow(RangeError)
    expect(() => percentile([1], 101)).toThrow(RangeError)
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError)
  })
})

import { errorCodes, RaceteeError } from '@racetee/protocol'
import { describe, expect, test } from 'vitest'
import { pollUntil } from './pollUntil.js'

describe('pollUntil', () => {
  test('returns the first value the probe yields', async () => {
    let calls = 0
    const value = await pollUntil(async () => (++calls === 3 ? 'ready' : undefined), {
      what: 'third call',
      timeoutMs: 2_000,
      intervalMs: 5,
    })
    expect({ value, calls }).toEqual({ value: 'ready', calls: 3 })
  })

  test('behavior: a probe that throws counts as "not yet"', async () => {
    let calls = 0
    const value = await pollUntil(
      async () => {
        if (++calls < 3) throw new RaceteeError(errorCodes.STORAGE_UNAVAILABLE, 'down')
        return calls
      },
      { what: 'up again', timeoutMs: 2_000, intervalMs: 5 },
    )
    expect(value).toBe(3)
  })

  test('error: a condition that never holds fails with what was awaited and the last answer', async () => {
    const failing = pollUntil(
      async () => {
        throw new RaceteeError(errorCodes.STORAGE_UNAVAILABLE, 'down')
      },
      { what: 'node up', timeoutMs: 50, intervalMs: 5 },
    )
    await expect(failing).rejects.toMatchObject({
      code: errorCodes.TOOLING_FAILED,
      details: expect.stringMatching(/^node up: STORAGE_UNAVAILABLE after 50 ms/),
    })
    await expect(pollUntil(async () => 1, { what: 'x', timeoutMs: 0 })).rejects.toThrow(RangeError)
  })
})

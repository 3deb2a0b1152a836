import { describe, expect, it } from 'vitest'
import { createProgress } from './progress.js'

describe('createProgress', () => {
  it('prints one line per finished phase with the elapsed time, its duration and its summary', async () => {
    const lines: string[] = []
    let t = 0
    const progress = createProgress(
      (line) => lines.push(line),
      () => t,
    )
    const value = await progress.phase(
      'erc20 burst',
      async () => {
        t += 2_500
        return 50
      },
      (n) => `${n} requests`,
    )
    t += 500
    progress.note('devnet stopped')
    expect(value).toBe(50)
    expect(lines).toEqual(['[   2.5 s] erc20 burst (2.5 s): 50 requests', '[   3.0 s] devnet stopped'])
  })

  it('error: a failing phase prints that it failed and rethrows', async () => {
    const lines: string[] = []
    const progress = createProgress(
      (line) => lines.push(line),
      () => 0,
    )
    await expect(progress.phase('setup', () => Promise.reject(new RangeError('boom')))).rejects.toThrow(
      'boom',
    )
    expect(lines).toEqual(['[   0.0 s] setup FAILED'])
  })
})

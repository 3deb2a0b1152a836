import { describe, expect, it } from 'vitest'
import { processCpuMs } from './processCpuMs.js'

function spin(ms: number): number {
  const until = performance.now() + ms
  let x = 0
  while (performance.now() < until) x += Math.sqrt(x + 1)
  return x
}

describe('processCpuMs', () => {
  it('advances while the process computes, by at most the wall time per busy thread', () => {
    const before = processCpuMs()
    const wallBefore = performance.now()
    expect(spin(60)).toBeGreaterThan(0)
    const cpu = processCpuMs() - before
    const wall = performance.now() - wallBefore
    expect(cpu).toBeGreaterThan(0)
    // One busy thread, plus V8's helpers now and then: far from two full cores.
    expect(cpu).toBeLessThan(2 * wall)
  })

  it('behavior: resolution is fine enough for a sub-millisecond run', () => {
    const before = processCpuMs()
    spin(0.5)
    const after = processCpuMs()
    expect(after).toBeGreaterThan(before)
  })

  it('behavior: waiting without computing costs (almost) no CPU time', async () => {
    const before = processCpuMs()
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(processCpuMs() - before).toBeLessThan(40)
  })
})

import { describe, expect, it } from 'vitest'
import { mainThreadCpuClock } from './mainThreadCpuClock.js'

function spin(ms: number): void {
  const until = performance.now() + ms
  let x = 0
  while (performance.now() < until) x += Math.sqrt(x + 1)
  expect(x).toBeGreaterThan(0)
}

describe('mainThreadCpuClock', () => {
  it('advances by about the time the main thread computes', () => {
    const clock = mainThreadCpuClock()
    const before = clock.now()
    const wallBefore = performance.now()
    spin(60)
    const cpu = clock.now() - before
    const wall = performance.now() - wallBefore
    expect(cpu).toBeGreaterThan(0)
    // Never more than the wall time it ran in (main thread), plus one scheduler tick of slack.
    if (clock.source === 'main thread') expect(cpu).toBeLessThanOrEqual(wall + 10)
  })

  it('behavior: waiting without computing costs (almost) no CPU time', async () => {
    const clock = mainThreadCpuClock()
    const before = clock.now()
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(clock.now() - before).toBeLessThan(40)
  })

  it("behavior: on Linux the figure is the main thread's own", () => {
    if (process.platform === 'linux') expect(mainThreadCpuClock().source).toBe('main thread')
    else expect(mainThreadCpuClock().source).toBe('process')
  })
})

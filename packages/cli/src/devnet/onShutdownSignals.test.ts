import { afterEach, describe, expect, it } from 'vitest'
import { onShutdownSignals } from './onShutdownSignals.js'

describe('onShutdownSignals', () => {
  let dispose = () => {}
  afterEach(() => dispose())

  it('calls first on the first SIGINT or SIGTERM and again on every later one', () => {
    const calls: string[] = []
    dispose = onShutdownSignals({
      first: (s) => calls.push(`first ${s}`),
      again: (s) => calls.push(`again ${s}`),
    })
    process.emit('SIGINT', 'SIGINT')
    process.emit('SIGTERM', 'SIGTERM')
    process.emit('SIGINT', 'SIGINT')
    expect(calls).toEqual(['first SIGINT', 'again SIGTERM', 'again SIGINT'])
  })

  it('behavior: the returned function removes both handlers', () => {
    const before = process.listenerCount('SIGINT')
    const stop = onShutdownSignals({ first: () => {}, again: () => {} })
    expect(process.listenerCount('SIGINT')).toBe(before + 1)
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(0)
    stop()
    expect(process.listenerCount('SIGINT')).toBe(before)
  })
})

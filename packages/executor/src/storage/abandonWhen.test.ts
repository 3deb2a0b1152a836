import { describe, expect, it } from 'vitest'
import { waitUntil } from '../../test/storageSupport/fakeStorageNode.js'
import { abandonWhen } from './abandonWhen.js'

describe('abandonWhen', () => {
  it('aborts once the check holds, and stops checking', async () => {
    let checks = 0
    const { signal } = abandonWhen({ check: async () => ++checks >= 3, intervalMs: 5 })
    await waitUntil(() => signal.aborted, 'the abort')
    expect(checks).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(checks).toBe(3)
  })

  it('behavior: a check that throws is asked again, not taken as a reason', async () => {
    let checks = 0
    const { signal, stop } = abandonWhen({
      check: async () => {
        checks++
        throw new TypeError('rpc hiccup')
      },
      intervalMs: 5,
    })
    await waitUntil(() => checks >= 3, 'three checks')
    expect(signal.aborted).toBe(false)
    stop()
  })

  it('behavior: the parent aborting aborts it with the parent reason; stop ends polling', async () => {
    const parent = new AbortController()
    let checks = 0
    const { signal } = abandonWhen({
      check: async () => {
        checks++
        return false
      },
      intervalMs: 5,
      signal: parent.signal,
    })
    parent.abort('shutdown')
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe('shutdown')
    const stopped = abandonWhen({
      check: async () => {
        checks++
        return true
      },
      intervalMs: 5,
    })
    stopped.stop()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stopped.signal.aborted).toBe(false)
    expect(checks).toBe(0)
  })

  it('error: a non-positive interval is a RangeError', () => {
    expect(() => abandonWhen({ check: async () => true, intervalMs: 0 })).toThrow(RangeError)
  })
})

import { describe, expect, test } from 'vitest'
import { ReadLane } from './ReadLane.js'

function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('ReadLane', () => {
  test('runs a read at once when no call is running or queued', async () => {
    const lane = new ReadLane()
    expect(await lane.read(async () => 'answer')).toBe('answer')
  })

  test('behavior: a read waits until every held call has settled', async () => {
    const lane = new ReadLane()
    const batch = deferred()
    const rotation = deferred()
    lane.hold(batch.promise)
    lane.hold(rotation.promise)
    const order: string[] = []
    const read = lane.read(async () => {
      order.push('read')
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual([])
    order.push('batch done')
    batch.resolve()
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['batch done'])
    order.push('rotation done')
    rotation.resolve()
    await read
    expect(order).toEqual(['batch done', 'rotation done', 'read'])
  })

  test('behavior: reads run one at a time, in arrival order, and never hold up a call', async () => {
    const lane = new ReadLane()
    const first = deferred()
    const order: string[] = []
    const a = lane.read(async () => {
      order.push('a starts')
      await first.promise
      order.push('a ends')
    })
    const b = lane.read(async () => {
      order.push('b')
    })
    await new Promise((resolve) => setImmediate(resolve))
    // A call arriving now is not queued behind the running read: holding it is immediate.
    lane.hold(Promise.resolve())
    expect(lane.mainBusy).toBe(true)
    first.resolve()
    await Promise.all([a, b])
    expect(order).toEqual(['a starts', 'a ends', 'b'])
  })

  test('error: a failed read or a failed call does not stall the lane', async () => {
    const lane = new ReadLane()
    const failing = deferred()
    lane.hold(failing.promise)
    const refused = lane.read(async () => {
      throw new RangeError('refused')
    })
    failing.reject(new RangeError('call failed'))
    await expect(refused).rejects.toThrow('refused')
    expect(await lane.read(async () => 'next')).toBe('next')
    expect(lane.mainBusy).toBe(false)
  })
})

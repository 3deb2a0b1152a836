import { describe, expect, it } from 'vitest'
import { HeadSignal } from './HeadSignal.js'

describe('HeadSignal', () => {
  it('settles a waiter with the first head above its block', async () => {
    const heads = new HeadSignal()
    heads.push(5n)
    const waiting = heads.beyond(5n)
    heads.push(6n)
    expect(await waiting).toBe(6n)
  })

  it('behavior: a head already above the block settles at once; repeats and stale heads do not', async () => {
    const heads = new HeadSignal()
    heads.push(8n)
    expect(await heads.beyond(3n)).toBe(8n)
    let settled: bigint | undefined
    const waiting = heads.beyond(8n).then((n) => {
      settled = n
    })
    heads.push(8n)
    heads.push(2n)
    await Promise.resolve()
    expect(settled).toBeUndefined()
    expect(heads.latest).toBe(8n)
    heads.push(10n)
    await waiting
    expect(settled).toBe(10n)
  })

  it('error: close rejects current and later waiters with its reason', async () => {
    const heads = new HeadSignal()
    const waiting = heads.beyond(0n)
    const reason = new TypeError('stopping')
    heads.close(reason)
    await expect(waiting).rejects.toBe(reason)
    await expect(heads.beyond(0n)).rejects.toBe(reason)
  })
})

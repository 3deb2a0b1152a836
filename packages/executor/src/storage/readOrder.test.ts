import { describe, expect, it } from 'vitest'
import { ReadOrder } from './readOrder.js'

const a = { signer: '0x00000000000000000000000000000000000000aA' as const }
const b = { signer: '0x00000000000000000000000000000000000000bb' as const }
const c = { signer: '0x00000000000000000000000000000000000000cc' as const }

describe('ReadOrder', () => {
  it('starts each read at the next node in turn', () => {
    const order = new ReadOrder()
    const firsts = [0, 1, 2, 3].map(() => order.order([a, b, c])[0])
    expect(firsts).toEqual([a, b, c, a])
    expect(order.order([a, b, c])).toEqual([b, c, a])
  })

  it('behavior: a penalised node goes last until its penalty ends', () => {
    let now = 1000
    const order = new ReadOrder({ now: () => now })
    order.penalise('0x00000000000000000000000000000000000000AA', 500)
    expect(order.order([a, b, c])).toEqual([b, c, a])
    expect(order.order([a, b, c])).toEqual([b, c, a])
    expect(order.order([a, b, c])).toEqual([c, b, a])
    now = 1501
    expect(order.order([a, b, c])).toEqual([a, b, c])
  })

  it('behavior: a shorter penalty does not shorten a longer one, and an empty list is empty', () => {
    let now = 0
    const order = new ReadOrder({ now: () => now })
    order.penalise(b.signer, 1000)
    order.penalise(b.signer, 10)
    now = 500
    expect(order.order([b, c]).at(-1)).toBe(b)
    expect(order.order([])).toEqual([])
  })

  it('error: a negative penalty is a RangeError', () => {
    expect(() => new ReadOrder().penalise(a.signer, -1)).toThrow(RangeError)
  })
})

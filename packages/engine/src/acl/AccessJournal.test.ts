import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { AccessJournal } from './AccessJournal.js'

const P: Hex = '0x00000000000000000000000000000000000000aa'
const Q: Hex = '0x00000000000000000000000000000000000000bb'
const A: Hex = '0x0000000000000000000000000000000000000001'
const B: Hex = '0x0000000000000000000000000000000000000002'

describe('AccessJournal', () => {
  it('passes a change up through frames that succeed and commits it with the top frame', () => {
    const j = new AccessJournal()
    j.enter() // top frame
    j.enter() // precompile frame
    j.set(P, { acl: [A], admin: B })
    j.exit(true)
    expect(j.get(P)).toEqual({ acl: [A], admin: B })
    expect(j.committed()).toEqual([])
    j.exit(true)
    expect(j.committed()).toEqual([{ program: P, acl: [A], admin: B }])
  })

  it('behavior: a failed inner frame drops its changes and the outer frame keeps its own', () => {
    const j = new AccessJournal()
    j.enter()
    j.set(P, { acl: [A], admin: B })
    j.enter()
    j.set(P, { acl: [], admin: A })
    j.set(Q, { acl: [B], admin: A })
    expect(j.get(P)).toEqual({ acl: [], admin: A })
    j.exit(false)
    expect(j.get(P)).toEqual({ acl: [A], admin: B })
    expect(j.get(Q)).toBeUndefined()
    j.exit(true)
    expect(j.committed()).toEqual([{ program: P, acl: [A], admin: B }])
  })

  it('behavior: the newest change wins, and the committed list is ascending by program', () => {
    const j = new AccessJournal()
    j.enter()
    j.set(Q, { acl: [A], admin: A })
    j.enter()
    j.set(P, { acl: [B], admin: A })
    j.set(Q, { acl: [B], admin: B })
    j.exit(true)
    j.exit(true)
    expect(j.committed()).toEqual([
      { program: P, acl: [B], admin: A },
      { program: Q, acl: [B], admin: B },
    ])
    j.begin()
    expect(j.committed()).toEqual([])
    expect(j.get(P)).toBeUndefined()
  })

  it('behavior: a failed top frame commits nothing', () => {
    const j = new AccessJournal()
    j.enter()
    j.set(P, { acl: [A], admin: B })
    j.exit(false)
    expect(j.committed()).toEqual([])
  })

  it('error: exit or set outside any frame is a RangeError', () => {
    const j = new AccessJournal()
    expect(() => j.exit(true)).toThrow(RangeError)
    expect(() => j.set(P, { acl: [], admin: A })).toThrow(RangeError)
  })
})

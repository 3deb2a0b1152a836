import { describe, expect, it } from 'vitest'
import {
  deriveManagementKey,
  deriveProgramKey,
  deriveRequestSecret,
  ratchetProgramKey,
} from './deriveKeys.js'

const E = new Uint8Array(32).fill(1)
const program = '0x2222222222222222222222222222222222222222'
const acc = `0x${'00'.repeat(32)}` as const

describe('deriveKeys', () => {
  it('derives 32-byte keys, separated by label and epoch', () => {
    const r = deriveRequestSecret(E, 1n)
    expect(r).toHaveLength(32)
    expect(r).not.toEqual(deriveManagementKey(E, 1n))
    expect(r).not.toEqual(deriveRequestSecret(E, 2n))
  })

  it('behavior: inputs are not wiped (the caller owns them); the ratchet is one-way per version', () => {
    const k0 = deriveProgramKey(E, program, acc)
    const k1 = ratchetProgramKey(k0, E, program, 1)
    expect(E.every((x) => x === 1)).toBe(true)
    expect(k0.some((x) => x !== 0)).toBe(true)
    expect(k1).not.toEqual(ratchetProgramKey(k0, E, program, 2))
  })

  it('error: an epoch secret of the wrong length is a RangeError naming it', () => {
    expect(() => deriveManagementKey(new Uint8Array(16), 1n)).toThrow(/epochSecret/)
  })
})

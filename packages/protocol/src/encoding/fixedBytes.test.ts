import { describe, expect, it } from 'vitest'
import { addressBytes } from './addressBytes.js'
import { bytes32, fixedBytes } from './fixedBytes.js'

describe('fixedBytes', () => {
  it('accepts hex or bytes of the exact length and returns a copy', () => {
    const input = new Uint8Array(12).fill(1)
    const out = fixedBytes(input, 12, 'nonce')
    out.fill(0)
    expect(input[0]).toBe(1)
    expect(bytes32(`0x${'ab'.repeat(32)}`)).toHaveLength(32)
  })

  it('behavior: addressBytes accepts any hex case without a checksum', () => {
    expect(addressBytes('0xabcdefabcdefabcdefabcdefabcdefabcdefabcd')).toHaveLength(20)
    expect(addressBytes('0xABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD')).toHaveLength(20)
  })

  it('error: a wrong length is a RangeError naming the parameter', () => {
    expect(() => bytes32('0x1234', 'acc')).toThrow(/acc must be 32 bytes/)
    expect(() => fixedBytes(new Uint8Array(3), 12, 'nonce')).toThrow(RangeError)
  })

  it('error: a non-hex string or an odd digit count is a TypeError', () => {
    expect(() => bytes32('abc' as never, 'acc')).toThrow(TypeError)
    expect(() => bytes32('0x123', 'acc')).toThrow(TypeError)
    expect(() => addressBytes('0x12' as never, 'program')).toThrow(/program/)
  })
})

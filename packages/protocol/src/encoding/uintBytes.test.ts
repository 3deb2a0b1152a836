import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { assertUint, u8, u32, u64, u256, uintBytes } from './uintBytes.js'

describe('uintBytes', () => {
  it('writes big-endian integers of the named width', () => {
    expect(bytesToHex(u8(0x80))).toBe('0x80')
    expect(bytesToHex(u32(0x01020304))).toBe('0x01020304')
    expect(bytesToHex(u64(1n))).toBe('0x0000000000000001')
    expect(u256(31337n)).toHaveLength(32)
    expect(bytesToHex(uintBytes(2n ** 64n - 1n, 8))).toBe('0xffffffffffffffff')
  })

  it('behavior: numbers and bigints give the same bytes', () => {
    expect(u64(42)).toEqual(u64(42n))
  })

  it('error: out of range is a RangeError naming the parameter', () => {
    expect(() => u8(256, 'kind')).toThrow(/kind/)
    expect(() => u64(-1n, 'seq')).toThrow(RangeError)
    expect(() => u64(2n ** 64n, 'seq')).toThrow(/seq/)
    expect(() => u32(1.5, 'keyVersion')).toThrow(/keyVersion/)
  })

  it('error: a non-number is a TypeError', () => {
    expect(() => assertUint('1' as never, 8, 'x')).toThrow(TypeError)
  })
})

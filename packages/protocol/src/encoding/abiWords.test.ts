import { bytesToHex, encodeAbiParameters, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  abiBytesSize,
  abiPadded,
  strictHexBytes,
  writeAddressWord,
  writeBytes32Word,
  writeBytesTail,
  writeUintWord,
} from './abiWords.js'

const word = (write: (out: Uint8Array) => void) => {
  const out = new Uint8Array(32)
  write(out)
  return out
}

describe('abiWords', () => {
  it('writes uint, address and bytes32 words as viem encodes them', () => {
    for (const [value, bits] of [
      [0n, 64],
      [1n, 8],
      [255, 8],
      [2n ** 64n - 1n, 64],
      [2 ** 53 - 1, 64],
      [123_456_789n, 256],
      [2n ** 256n - 1n, 256],
    ] as const) {
      const expected = hexToBytes(encodeAbiParameters([{ type: `uint${bits}` }], [BigInt(value)]))
      expect(word((o) => writeUintWord(o, 0, value, bits, 'v'))).toEqual(expected)
    }
    const address = '0x00000000000000000000000000000000000a11CE'
    expect(word((o) => writeAddressWord(o, 0, address, 'a'))).toEqual(
      hexToBytes(encodeAbiParameters([{ type: 'address' }], [address.toLowerCase() as `0x${string}`])),
    )
    const b32 = `0x${'ab'.repeat(31)}cd` as const
    expect(word((o) => writeBytes32Word(o, 0, b32, 'b'))).toEqual(hexToBytes(b32))
    expect(word((o) => writeBytes32Word(o, 0, hexToBytes(b32), 'b'))).toEqual(hexToBytes(b32))
  })

  it('behavior: a bytes tail is its length word and right-padded data, as viem encodes it', () => {
    for (const length of [0, 1, 31, 32, 33, 100]) {
      const data = Uint8Array.from({ length }, (_, i) => i + 1)
      const out = new Uint8Array(32 + abiBytesSize(length))
      out[31] = 32 // offset word of a single dynamic parameter
      expect(writeBytesTail(out, 32, data)).toBe(out.length)
      expect(out).toEqual(hexToBytes(encodeAbiParameters([{ type: 'bytes' }], [bytesToHex(data)])))
    }
    expect([abiPadded(0), abiPadded(1), abiPadded(32), abiPadded(33)]).toEqual([0, 32, 32, 64])
  })

  it('error: values out of range or of the wrong shape are RangeError/TypeError naming the field', () => {
    expect(() => writeUintWord(new Uint8Array(32), 0, 256, 8, 'status')).toThrow(/status/)
    expect(() => writeUintWord(new Uint8Array(32), 0, -1n, 64, 'seq')).toThrow(RangeError)
    expect(() => writeAddressWord(new Uint8Array(32), 0, '0x1234', 'program')).toThrow(TypeError)
    expect(() => writeBytes32Word(new Uint8Array(32), 0, '0x1234', 'acc')).toThrow(RangeError)
    expect(() => writeBytes32Word(new Uint8Array(32), 0, 'xyz' as `0x${string}`, 'acc')).toThrow(TypeError)
    expect(() => strictHexBytes('0x123', 'h')).toThrow(TypeError)
  })
})

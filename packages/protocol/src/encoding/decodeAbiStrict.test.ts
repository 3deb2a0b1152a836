import { encodeAbiParameters, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { decodeAbiStrict } from './decodeAbiStrict.js'
import { stripVersion, withVersion } from './version.js'

const params = [{ type: 'uint8' }, { type: 'bytes' }] as const
const encoded = hexToBytes(encodeAbiParameters(params, [7, '0xbeef']))

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isRaceteeError(e) ? e.code : 'other'
  }
}

describe('decodeAbiStrict', () => {
  it('decodes the canonical encoding', () => {
    expect(decodeAbiStrict(params, encoded, 'Thing')).toEqual([7, '0xbeef'])
  })

  it('error: trailing bytes are not canonical (PROTOCOL_MALFORMED)', () => {
    expect(codeOf(() => decodeAbiStrict(params, Uint8Array.of(...encoded, 0), 'Thing'))).toBe(
      'PROTOCOL_MALFORMED',
    )
  })

  it('error: dirty high bits of a uint8 are PROTOCOL_MALFORMED', () => {
    const dirty = encoded.slice()
    dirty[30] = 1
    expect(codeOf(() => decodeAbiStrict(params, dirty, 'Thing'))).toBe('PROTOCOL_MALFORMED')
  })

  it('error: truncated data is PROTOCOL_MALFORMED and the message quotes no bytes', () => {
    try {
      decodeAbiStrict(params, encoded.slice(0, 40), 'Thing')
    } catch (e) {
      expect(isRaceteeError(e, 'PROTOCOL_MALFORMED')).toBe(true)
      expect((e as Error).message).not.toMatch(/beef/)
      expect((e as Error).cause).toBeUndefined()
    }
  })
})

describe('stripVersion', () => {
  it('strips the 0x01 version byte that withVersion adds', () => {
    expect(stripVersion(withVersion(Uint8Array.of(5)), 'Blob')).toEqual(Uint8Array.of(5))
  })

  it('error: another version is PROTOCOL_UNSUPPORTED_VERSION, empty input PROTOCOL_MALFORMED', () => {
    expect(codeOf(() => stripVersion(Uint8Array.of(2, 5), 'Blob'))).toBe('PROTOCOL_UNSUPPORTED_VERSION')
    expect(codeOf(() => stripVersion(new Uint8Array(0), 'Blob'))).toBe('PROTOCOL_MALFORMED')
  })
})

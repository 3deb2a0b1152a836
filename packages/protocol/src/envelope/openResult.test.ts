import { gcmsiv } from '@noble/ciphers/aes.js'
import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { padToBucket } from '../padding/padToBucket.js'
import { encodeResultV1, type ResultV1 } from '../result/resultV1.js'
import { openResult } from './openResult.js'
import { resultAad, resultKey, resultNonce } from './resultKey.js'

const mc = '0x1111111111111111111111111111111111111111'
const program = '0x2222222222222222222222222222222222222222'
const acc = `0x${'5a'.repeat(32)}` as const
const resultBase = new Uint8Array(32).fill(9)
const result: ResultV1 = {
  status: 0,
  gasUsed: 21_000n,
  returnData: new Uint8Array([1, 2, 3]),
  logs: [{ address: program, topics: [`0x${'01'.repeat(32)}`], data: '0xbeef' }],
}

function seal(seq: bigint, plaintext: Uint8Array): Uint8Array {
  return gcmsiv(
    resultKey(resultBase, seq, acc),
    resultNonce(seq, acc),
    resultAad(31337, mc, program, seq),
  ).encrypt(padToBucket(plaintext, 128, Number.POSITIVE_INFINITY))
}

describe('openResult', () => {
  it('opens a result sealed under the P4 key, nonce and aad', () => {
    const sealed = seal(7n, encodeResultV1(result))
    expect(sealed.length).toBe(512 + 16)
    expect(openResult({ resultBase, seq: 7n, acc, chainId: 31337, mc, program, sealed })).toEqual(result)
  })

  it('behavior: the key depends on seq and acc', () => {
    expect(resultKey(resultBase, 1n, acc)).not.toEqual(resultKey(resultBase, 2n, acc))
    expect(resultNonce(1n, acc)).toHaveLength(12)
  })

  it('error: another seq does not open (PROTOCOL_DECRYPT_FAILED)', () => {
    const sealed = seal(7n, encodeResultV1(result))
    const err = (() => {
      try {
        openResult({ resultBase, seq: 8n, acc, chainId: 31337, mc, program, sealed })
      } catch (e) {
        return e
      }
    })()
    expect(isRaceteeError(err, 'PROTOCOL_DECRYPT_FAILED')).toBe(true)
  })

  it('error: a resultBase of the wrong length is a RangeError', () => {
    expect(() => resultKey(new Uint8Array(16), 1n, acc)).toThrow(/resultBase/)
  })
})

import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { isRaceteeError } from '@racetee/protocol'
import { concatBytes, hexToBytes, numberToBytes, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { openSiv } from './aeadSiv.js'
import { openSealedResult, sealResult } from './resultSealer.js'

const context = {
  resultBase: new Uint8Array(32).fill(0x5a),
  seq: 7n,
  acc: `0x${'12'.repeat(32)}` as const,
  chainId: 31337n,
  mc: '0x00000000000000000000000000000000000000cc' as const,
  program: '0x00000000000000000000000000000000000000aa' as const,
}
const plaintext = new Uint8Array(128).fill(0x33)

describe('sealResult', () => {
  it('seals a padded ResultV1 that openSealedResult opens', () => {
    const sealed = sealResult({ ...context, plaintext })
    expect(sealed.length).toBe(128 + 16)
    expect(openSealedResult({ ...context, sealed })).toEqual(plaintext)
  })

  it('behavior: key, nonce and aad follow P4 byte for byte (independent recomputation)', () => {
    const sealed = sealResult({ ...context, plaintext })
    const seqBytes = numberToBytes(7n, { size: 8 })
    const acc = hexToBytes(context.acc)
    const key = hkdf(
      sha256,
      context.resultBase,
      undefined,
      concatBytes([stringToBytes('racetee/v1/result-key'), seqBytes, acc]),
      32,
    )
    const nonce = keccak_256(concatBytes([seqBytes, acc])).slice(0, 12)
    const aad = concatBytes([
      numberToBytes(31337n, { size: 32 }),
      hexToBytes(context.mc),
      hexToBytes(context.program),
      seqBytes,
    ])
    expect(openSiv({ key, nonce, aad, ciphertext: sealed })).toEqual(plaintext)
  })

  it('behavior: deterministic per (seq, acc); another seq or acc gives other bytes', () => {
    const a = sealResult({ ...context, plaintext })
    expect(sealResult({ ...context, plaintext })).toEqual(a)
    expect(sealResult({ ...context, seq: 8n, plaintext })).not.toEqual(a)
    expect(sealResult({ ...context, acc: `0x${'13'.repeat(32)}` as const, plaintext })).not.toEqual(a)
  })

  it('behavior: the caller resultBase is left intact', () => {
    const resultBase = context.resultBase.slice()
    sealResult({ ...context, resultBase, plaintext })
    expect(resultBase).toEqual(context.resultBase)
  })

  it('error: another program, chain, seq or resultBase does not open', () => {
    const sealed = sealResult({ ...context, plaintext })
    const cases = [
      { ...context, program: context.mc },
      { ...context, chainId: 1n },
      { ...context, seq: 6n },
      { ...context, resultBase: new Uint8Array(32) },
    ]
    for (const c of cases) {
      let caught: unknown
      try {
        openSealedResult({ ...c, sealed })
      } catch (err) {
        caught = err
      }
      expect(isRaceteeError(caught, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    }
  })

  it('error: a resultBase of the wrong length is a RangeError naming it', () => {
    expect(() => sealResult({ ...context, resultBase: new Uint8Array(16), plaintext })).toThrow(/resultBase/)
    expect(() => sealResult({ ...context, seq: -1n, plaintext })).toThrow(/seq/)
  })
})

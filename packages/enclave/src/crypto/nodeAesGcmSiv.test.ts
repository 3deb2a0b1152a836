import { createCipheriv } from 'node:crypto'
import { gcmsiv, unsafe } from '@noble/ciphers/aes.js'
import { describe, expect, it } from 'vitest'
import { gcmSivOpen, gcmSivSeal, sivCtr } from './nodeAesGcmSiv.js'

/** Deterministic bytes, so a failing case can be replayed. */
function bytesOf(seed: number, length: number): Uint8Array {
  let x = (seed * 2654435761) >>> 0
  return Uint8Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) >>> 0
    return x >>> 24
  })
}

describe('gcmSivSeal / gcmSivOpen', () => {
  it('seals to the bytes of @noble/ciphers gcmsiv and opens them, for lengths 0 to 1100', () => {
    for (let length = 0; length <= 1100; length += length < 70 ? 1 : 37) {
      const key = bytesOf(length, 32)
      const nonce = bytesOf(length + 1, 12)
      const aad = bytesOf(length + 2, length % 100)
      const plaintext = bytesOf(length + 3, length)
      const sealed = gcmSivSeal(key, nonce, aad, plaintext)
      expect(sealed).toEqual(gcmsiv(key, nonce, aad).encrypt(plaintext))
      expect(gcmSivOpen(key, nonce, aad, sealed)).toEqual(plaintext)
    }
  })

  it('behavior: the counter wraps its low 32 bits mod 2^32, as noble ctr32 does (RFC 8452 §4)', () => {
    const encKey = bytesOf(9, 32)
    const tag = bytesOf(10, 16)
    tag.set([0xfe, 0xff, 0xff, 0xff], 0) // three blocks: 0xfffffffe, 0xffffffff, then 0
    const input = bytesOf(11, 40)
    const cipher = createCipheriv('aes-256-ecb', encKey, null).setAutoPadding(false)
    const ours = sivCtr({ encrypt: (b) => cipher.update(b) }, tag, input)
    const counter = tag.slice()
    counter[15]! |= 0x80
    const theirs = unsafe.ctr32(unsafe.expandKeyLE(encKey), true, counter, input)
    expect(ours).toEqual(theirs)
  })

  it('error: a changed byte, aad or nonce does not open; bad key or nonce lengths are RangeErrors', () => {
    const key = bytesOf(1, 32)
    const nonce = bytesOf(2, 12)
    const sealed = gcmSivSeal(key, nonce, Uint8Array.of(1), bytesOf(3, 50))
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = sealed.slice()
      bad[i]! ^= 1
      expect(gcmSivOpen(key, nonce, Uint8Array.of(1), bad)).toBeUndefined()
    }
    expect(gcmSivOpen(key, nonce, Uint8Array.of(2), sealed)).toBeUndefined()
    expect(gcmSivOpen(key, bytesOf(4, 12), Uint8Array.of(1), sealed)).toBeUndefined()
    expect(gcmSivOpen(key, nonce, Uint8Array.of(1), sealed.subarray(0, 15))).toBeUndefined()
    expect(() => gcmSivSeal(key.subarray(0, 16), nonce, new Uint8Array(), new Uint8Array())).toThrow(
      RangeError,
    )
    expect(() => gcmSivOpen(key, nonce.subarray(0, 8), new Uint8Array(), sealed)).toThrow(/nonce/)
  })
})

import { hexToBytes } from '@noble/hashes/utils.js'
import { isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { openSiv, sealSiv } from './aeadSiv.js'

// RFC 8452 Appendix C.2 (AEAD_AES_256_GCM_SIV), public spec constants typed in by hand.
const rfc8452C2 = [
  {
    key: '0100000000000000000000000000000000000000000000000000000000000000',
    nonce: '030000000000000000000000',
    aad: '',
    plaintext: '',
    result: '07f5f4169bbf55a8400cd47ea6fd400f',
  },
  {
    key: '0100000000000000000000000000000000000000000000000000000000000000',
    nonce: '030000000000000000000000',
    aad: '',
    plaintext: '0100000000000000',
    result: 'c2ef328e5c71c83b843122130f7364b761e0b97427e3df28',
  },
  {
    key: '0100000000000000000000000000000000000000000000000000000000000000',
    nonce: '030000000000000000000000',
    aad: '',
    plaintext: '010000000000000000000000',
    result: '9aab2aeb3faa0a34aea8e2b18ca50da9ae6559e48fd10f6e5c9ca17e',
  },
  {
    key: '0100000000000000000000000000000000000000000000000000000000000000',
    nonce: '030000000000000000000000',
    aad: '01',
    plaintext: '0200000000000000',
    result: '1de22967237a813291213f267e3b452f02d01ae33e4ec854',
  },
  {
    key: 'e66021d5eb8e4f4066d4adb9c33560e4f46e44bb3da0015c94f7088736864200',
    nonce: 'e0eaf5284d884a0e77d31646',
    aad: '',
    plaintext: '',
    result: '169fbb2fbf389a995f6390af22228a62',
  },
] as const

const key = new Uint8Array(32).fill(0x42)
const nonce = new Uint8Array(12).fill(0x07)
const aad = new Uint8Array([1, 2, 3])

describe('sealSiv / openSiv', () => {
  it('matches the RFC 8452 C.2 known answers both ways', () => {
    for (const v of rfc8452C2) {
      const parts = {
        key: hexToBytes(v.key),
        nonce: hexToBytes(v.nonce),
        aad: hexToBytes(v.aad),
      }
      expect(sealSiv({ ...parts, plaintext: hexToBytes(v.plaintext) })).toEqual(hexToBytes(v.result))
      expect(openSiv({ ...parts, ciphertext: hexToBytes(v.result) })).toEqual(hexToBytes(v.plaintext))
    }
  })

  it('behavior: round-trips and is deterministic', () => {
    const plaintext = new Uint8Array(200).map((_, i) => i)
    const a = sealSiv({ key, nonce, aad, plaintext })
    expect(a.length).toBe(plaintext.length + 16)
    expect(sealSiv({ key, nonce, aad, plaintext })).toEqual(a)
    expect(openSiv({ key, nonce, aad, ciphertext: a })).toEqual(plaintext)
  })

  it('error: a flipped bit, another aad, nonce or key throws ENCLAVE_SEAL_OPEN_FAILED', () => {
    const plaintext = new TextEncoder().encode('secret-plaintext')
    const ct = sealSiv({ key, nonce, aad, plaintext })
    const flipped = ct.slice()
    flipped[3]! ^= 0x80
    const otherKey = key.slice()
    otherKey[0]! ^= 1
    const cases = [
      { key, nonce, aad, ciphertext: flipped },
      { key, nonce, aad: new Uint8Array([1, 2, 4]), ciphertext: ct },
      { key, nonce: new Uint8Array(12), aad, ciphertext: ct },
      { key: otherKey, nonce, aad, ciphertext: ct },
      { key, nonce, aad, ciphertext: ct.subarray(0, 15) },
    ]
    for (const c of cases) {
      let caught: unknown
      try {
        openSiv({ ...c, what: 'blob 0xabc' })
      } catch (err) {
        caught = err
      }
      expect(isRaceteeError(caught, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
      const message = (caught as Error).message
      expect(message).toContain('blob 0xabc')
      expect(message).not.toContain('secret-plaintext')
      expect(message).not.toMatch(/42424242/)
    }
  })

  it('error: wrong key or nonce length is a RangeError naming the parameter', () => {
    expect(() => sealSiv({ key: new Uint8Array(16), nonce, aad, plaintext: aad })).toThrow(/key/)
    expect(() => sealSiv({ key, nonce: new Uint8Array(24), aad, plaintext: aad })).toThrow(/nonce/)
    expect(() => openSiv({ key: new Uint8Array(31), nonce, aad, ciphertext: aad })).toThrow(RangeError)
  })
})

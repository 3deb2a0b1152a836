import { randomBytes } from 'node:crypto'
import { x25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { importX25519SecretKey, isLowOrder, x25519SharedSecret } from './nodeX25519.js'
import { smallOrderPoints } from './smallOrderPoints.js'

describe('x25519SharedSecret', () => {
  it('agrees with @noble/curves on random key pairs', () => {
    for (let i = 0; i < 32; i++) {
      const skR = new Uint8Array(randomBytes(32))
      const skE = new Uint8Array(randomBytes(32))
      const { privateKey, publicKey } = importX25519SecretKey(skR)
      expect(publicKey).toEqual(x25519.getPublicKey(skR))
      const enc = x25519.getPublicKey(skE)
      expect(x25519SharedSecret(privateKey, enc)).toEqual(x25519.getSharedSecret(skE, publicKey))
    }
  })

  it('behavior: every small-order encoding gives undefined, and noble agrees it is low order', () => {
    const { privateKey } = importX25519SecretKey(new Uint8Array(randomBytes(32)))
    const points = smallOrderPoints()
    expect(points).toHaveLength(14)
    for (const u of points) {
      // The fixture itself is checked: noble refuses each point under a random scalar too.
      expect(() => x25519.scalarMult(new Uint8Array(randomBytes(32)), u)).toThrow()
      expect(isLowOrder(u)).toBe(true)
      expect(x25519SharedSecret(privateKey, u)).toBeUndefined()
    }
  })

  it('behavior: an ordinary point is not low order', () => {
    expect(isLowOrder(x25519.getPublicKey(new Uint8Array(randomBytes(32))))).toBe(false)
    const nine = new Uint8Array(32)
    nine[0] = 9
    expect(isLowOrder(nine)).toBe(false)
  })

  it('behavior: an enc of the wrong length gives undefined', () => {
    const { privateKey } = importX25519SecretKey(new Uint8Array(randomBytes(32)))
    for (const n of [0, 31, 33]) expect(x25519SharedSecret(privateKey, new Uint8Array(n))).toBeUndefined()
  })

  it('error: a secret key of the wrong length or type is a RangeError / TypeError', () => {
    expect(() => importX25519SecretKey(new Uint8Array(33))).toThrow(RangeError)
    expect(() => importX25519SecretKey('x' as unknown as Uint8Array)).toThrow(TypeError)
  })
})

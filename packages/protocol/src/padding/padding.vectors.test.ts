import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/padding.vectors.json' with { type: 'json' }
import { isRaceteeError } from '../errors/RaceteeError.js'
import { padToBucket } from './padToBucket.js'
import { unpad } from './unpad.js'

describe('padding vectors', () => {
  it('pads and unpads every valid case', () => {
    for (const c of vectors.valid) {
      expect(bytesToHex(padToBucket(hexToBytes(c.body as `0x${string}`), c.minBucket, c.maxBuckets))).toBe(
        c.padded,
      )
      expect(bytesToHex(unpad(hexToBytes(c.padded as `0x${string}`), c.minBucket, c.maxBuckets))).toBe(c.body)
    }
  })

  it('error: refuses every invalid padding with PROTOCOL_MALFORMED', () => {
    for (const c of vectors.invalid) {
      const padded = hexToBytes(c.padded as `0x${string}`)
      let caught: unknown
      try {
        unpad(
          padded,
          'minBucket' in c ? c.minBucket : undefined,
          'maxBuckets' in c ? c.maxBuckets : undefined,
        )
      } catch (e) {
        caught = e
      }
      expect(isRaceteeError(caught, 'PROTOCOL_MALFORMED'), c.reason).toBe(true)
    }
  })
})

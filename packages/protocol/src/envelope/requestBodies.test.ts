import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { decodeAclBody, encodeAclBody } from './aclBody.js'
import { decodeDeployBody, encodeDeployBody } from './deployBody.js'

const config = { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 }

describe('encodeDeployBody', () => {
  it('round-trips a deploy body', () => {
    const body = { runtime: 2 as const, code: Uint8Array.of(1, 2, 3), config }
    expect(decodeDeployBody(encodeDeployBody(body))).toEqual(body)
  })

  it('behavior: an empty ACL body makes the program public and round-trips', () => {
    const acl = { acl: [], newAdmin: '0x0000000000000000000000000000000000000000' as const }
    expect(decodeAclBody(encodeAclBody(acl))).toEqual(acl)
  })

  it('error: an unknown runtime is PROTOCOL_MALFORMED', () => {
    const bytes = encodeDeployBody({ runtime: 1, code: new Uint8Array(0), config })
    bytes[31] = 7
    let caught: unknown
    try {
      decodeDeployBody(bytes)
    } catch (e) {
      caught = e
    }
    expect(isRaceteeError(caught, 'PROTOCOL_MALFORMED')).toBe(true)
  })

  it('error: a rotateEvery beyond uint32 is a RangeError naming it', () => {
    expect(() =>
      encodeDeployBody({ runtime: 1, code: new Uint8Array(0), config: { ...config, rotateEvery: 2 ** 32 } }),
    ).toThrow(/config\.rotateEvery/)
  })
})

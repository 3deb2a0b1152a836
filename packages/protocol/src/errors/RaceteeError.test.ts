import { describe, expect, it } from 'vitest'
import { errorCodes } from './errorCodes.js'
import { isRaceteeError, RaceteeError } from './RaceteeError.js'

describe('RaceteeError', () => {
  it('carries a stable code, a short message and details', () => {
    const err = new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Envelope is malformed.', {
      details: 'version byte 0x07',
    })
    expect(err.code).toBe('PROTOCOL_MALFORMED')
    expect(err.shortMessage).toBe('Envelope is malformed.')
    expect(err.message).toBe('Envelope is malformed.\n\nDetails: version byte 0x07\nCode: PROTOCOL_MALFORMED')
    expect(isRaceteeError(err, 'PROTOCOL_MALFORMED')).toBe(true)
    expect(isRaceteeError(err, 'STORAGE_HASH_MISMATCH')).toBe(false)
  })

  it('behavior: walk() follows the cause chain', () => {
    const root = new TypeError('root')
    const mid = new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'RPC failed.', { cause: root })
    const top = new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'Batch unproven.', { cause: mid })
    expect(top.walk()).toBe(root)
    expect(top.walk((e) => isRaceteeError(e, 'CHAIN_RPC_FAILED'))).toBe(mid)
    expect(top.walk((e) => e === 'nothing')).toBeNull()
  })

  it('behavior: error codes are unique', () => {
    const values = Object.values(errorCodes)
    expect(new Set(values).size).toBe(values.length)
    for (const [key, value] of Object.entries(errorCodes)) expect(value).toBe(key)
  })
})

import { isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { classifyDcapFailure, rejectDcap } from './dcapRejection.js'

const reasonOf = (message: string) => classifyDcapFailure(new Error(message)).details?.split(':')[0]

describe('classifyDcapFailure', () => {
  it('maps the library messages to reasons and keeps the error as cause', () => {
    const cause = new Error('TCBInfo expired')
    const err = classifyDcapFailure(cause)
    expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect(err.details).toBe('expired: TCBInfo expired')
    expect(err.cause).toBe(cause)
  })

  it('behavior: ordered so the most specific reason wins', () => {
    expect(reasonOf('Certificate is expired or not yet valid')).toBe('expired')
    expect(reasonOf('QE Identity issue date is in the future')).toBe('expired')
    expect(reasonOf('Certificate is revoked')).toBe('revoked')
    expect(reasonOf('Failed to verify certificate chain - intermediate signature invalid')).toBe(
      'certificate',
    )
    expect(reasonOf('ISV enclave report signature is invalid')).toBe('signature')
    expect(reasonOf('QE report hash mismatch')).toBe('signature')
    expect(reasonOf('No matching TCB level found')).toBe('tcb')
    expect(reasonOf('TCB status is invalid: Revoked')).toBe('tcb')
    expect(reasonOf('QE MRSIGNER mismatch: expected A, got B')).toBe('qeIdentity')
    expect(reasonOf('Debug mode is enabled')).toBe('attributes')
    expect(reasonOf('Failed to decode quote')).toBe('malformed')
    expect(reasonOf('Fmspc mismatch')).toBe('malformed')
  })

  it('error: an unrecognised failure is still a rejection, reason unverified', () => {
    expect(reasonOf('something new')).toBe('unverified')
    expect(classifyDcapFailure('a string').details).toBe('unverified: a string')
    expect(rejectDcap('tcb', 'x').details).toBe('tcb: x')
  })
})

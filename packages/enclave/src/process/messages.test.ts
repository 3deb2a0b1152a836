import { errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { fromWireError, parseEnclaveToHost, parseHostToEnclave, toWireError } from './messages.js'

describe('process messages', () => {
  it('carries a RaceteeError across as code, short message and details, and rebuilds it', () => {
    const err = new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'Requests do not match.', {
      details: 'seq 3',
    })
    const wire = toWireError(err, errorCodes.ENCLAVE_INTERNAL)
    expect(wire).toEqual({
      code: 'ENCLAVE_BATCH_UNPROVEN',
      shortMessage: 'Requests do not match.',
      details: 'seq 3',
    })
    const rebuilt = fromWireError(structuredClone(wire), errorCodes.ENCLAVE_PROCESS_FAILED)
    expect(isRaceteeError(rebuilt, 'ENCLAVE_BATCH_UNPROVEN')).toBe(true)
    expect(rebuilt.details).toBe('seq 3')
  })

  it('behavior: any other error crosses as the fallback code with no text from inside', () => {
    const inner = new TypeError('balance 123456789 of 0xabc')
    const wire = toWireError(inner, errorCodes.ENCLAVE_INTERNAL)
    expect(wire.code).toBe('ENCLAVE_INTERNAL')
    expect(JSON.stringify(wire)).not.toContain('123456789')
    expect(wire).not.toHaveProperty('details')
  })

  it('behavior: calls and answers parse; messages outside the interface are null', () => {
    expect(parseHostToEnclave({ type: 'call', id: 1, method: 'describe', params: undefined })).toEqual({
      type: 'call',
      id: 1,
      method: 'describe',
      params: undefined,
    })
    expect(parseEnclaveToHost({ type: 'host', id: 2, service: 'blob', params: { hash: '0x00' } })?.type).toBe(
      'host',
    )
    const outside = [
      null,
      'call',
      { type: 'call', id: 1, method: 'signDigest', params: '0x' },
      { type: 'call', id: -1, method: 'describe' },
      { type: 'call', id: 1.5, method: 'describe' },
      { type: 'return', id: 1, value: 1 },
    ]
    for (const m of outside) expect(parseHostToEnclave(m)).toBeNull()
    expect(parseEnclaveToHost({ type: 'host', id: 1, service: 'readFile', params: {} })).toBeNull()
    expect(parseEnclaveToHost({ type: 'call', id: 1, method: 'describe' })).toBeNull()
  })

  it('error: a malformed or unknown wire error becomes the fallback code', () => {
    for (const bad of [
      undefined,
      'x',
      { code: 'NOT_A_CODE', shortMessage: 'x' },
      { code: 'ENCLAVE_INTERNAL' },
    ])
      expect(
        isRaceteeError(fromWireError(bad, errorCodes.ENCLAVE_PROCESS_FAILED), 'ENCLAVE_PROCESS_FAILED'),
      ).toBe(true)
    const long = fromWireError(
      { code: 'ENCLAVE_INTERNAL', shortMessage: 'x'.repeat(5_000) },
      errorCodes.ENCLAVE_PROCESS_FAILED,
    )
    expect(long.shortMessage.length).toBe(1_000)
  })
})

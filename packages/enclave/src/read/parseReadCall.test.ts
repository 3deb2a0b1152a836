import { isRaceteeError } from '@racetee/protocol'
import { describe, expect, test } from 'vitest'
import { MAX_READ_ENVELOPE_BYTES, parseReadCall } from './parseReadCall.js'

const valid = {
  atBlock: 12n,
  account: '0x00000000000000000000000000000000000a11ce',
  epoch: 0n,
  envelope: '0x01abcd',
}

function malformedField(params: unknown): string | undefined {
  try {
    parseReadCall(params)
  } catch (err) {
    if (isRaceteeError(err, 'PROTOCOL_MALFORMED')) return err.details?.split(' ')[0]
    throw err
  }
  return undefined
}

describe('parseReadCall', () => {
  test('accepts a well-formed call and checksums the account', () => {
    expect(parseReadCall(valid)).toEqual({ ...valid, account: '0x00000000000000000000000000000000000A11cE' })
  })

  test('behavior: an envelope of the largest size is accepted', () => {
    const envelope = `0x${'00'.repeat(MAX_READ_ENVELOPE_BYTES)}`
    expect(parseReadCall({ ...valid, envelope }).envelope).toBe(envelope)
  })

  test('error: each malformed field is named (PROTOCOL_MALFORMED)', () => {
    expect(malformedField(null)).toBe('params')
    expect(malformedField({ ...valid, atBlock: 12 })).toBe('atBlock')
    expect(malformedField({ ...valid, account: '0x1234' })).toBe('account')
    expect(malformedField({ ...valid, epoch: -1n })).toBe('epoch')
    expect(malformedField({ ...valid, envelope: '0x123' })).toBe('envelope')
    expect(malformedField({ ...valid, envelope: `0x${'00'.repeat(MAX_READ_ENVELOPE_BYTES + 1)}` })).toBe(
      'envelope',
    )
  })
})

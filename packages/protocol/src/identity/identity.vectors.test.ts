import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/identity.vectors.json' with { type: 'json' }
import { isRaceteeError } from '../errors/RaceteeError.js'
import { decodeEvidence, encodeEvidence, evidenceHash } from './evidence.js'
import { decodeSimulatedQuote, encodeSimulatedQuote, simulatedQuoteSigningHash } from './simulatedQuote.js'

const b = (h: string) => hexToBytes(h as Hex)
const q = vectors.simulatedQuote
const e = vectors.evidence

describe('identity vectors', () => {
  it('simulated quote encodes, decodes and gives the signing hash', () => {
    const quote = {
      measurement: q.measurement as Hex,
      reportData: b(q.reportData),
      signature: q.signature as Hex,
    }
    expect(bytesToHex(encodeSimulatedQuote(quote))).toBe(q.encoded)
    expect(decodeSimulatedQuote(b(q.encoded))).toEqual(quote)
    expect(simulatedQuoteSigningHash(quote.measurement, quote.reportData)).toBe(q.signingHash)
  })

  it('evidence encodes, decodes and hashes', () => {
    const evidence = { provider: 1 as const, quote: b(e.quote), collateral: b(e.collateral) }
    expect(bytesToHex(encodeEvidence(evidence))).toBe(e.encoded)
    expect(decodeEvidence(b(e.encoded))).toEqual(evidence)
    expect(evidenceHash(b(e.encoded))).toBe(e.evidenceHash)
  })

  it('error: an unknown provider is PROTOCOL_MALFORMED', () => {
    const bytes = b(e.encoded)
    bytes[32] = 9 // provider word's last byte, after the version byte
    let caught: unknown
    try {
      decodeEvidence(bytes)
    } catch (err) {
      caught = err
    }
    expect(isRaceteeError(caught, 'PROTOCOL_MALFORMED')).toBe(true)
  })
})

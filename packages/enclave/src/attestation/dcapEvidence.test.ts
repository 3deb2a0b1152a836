import { encodeEvidence, evidenceProviders, isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { decodeDcapEvidence, encodeDcapEvidence } from './dcapEvidence.js'
import { loadDcapFixtures } from './test/dcapFixtures.js'

const fx = loadDcapFixtures()

function malformedDetails(evidence: Uint8Array): string {
  try {
    decodeDcapEvidence(evidence)
  } catch (err) {
    if (!isRaceteeError(err, 'PROTOCOL_MALFORMED')) throw err
    return err.details ?? ''
  }
  throw new Error('expected PROTOCOL_MALFORMED')
}

describe('encodeDcapEvidence / decodeDcapEvidence', () => {
  it('round-trips the real SGX and TDX quotes with their collateral', () => {
    for (const [provider, f] of [
      ['sgx', fx.sgx],
      ['tdx', fx.tdx],
    ] as const) {
      const evidence = encodeDcapEvidence({ provider, quote: f.quote, collateral: f.collateral })
      expect(evidence[0]).toBe(1)
      const decoded = decodeDcapEvidence(evidence)
      expect(decoded.provider).toBe(provider)
      expect(decoded.quote).toEqual(f.quote)
      expect(decoded.collateral).toEqual(f.collateral)
    }
  })

  it('behavior: the provider byte is sgx 2, tdx 3 (P7)', () => {
    const evidence = encodeDcapEvidence({
      provider: 'tdx',
      quote: fx.tdx.quote,
      collateral: fx.tdx.collateral,
    })
    // version byte, then the uint8 provider as the first 32-byte ABI word
    expect(evidence[32]).toBe(evidenceProviders.tdx)
  })

  it('error: simulation evidence is not DCAP evidence', () => {
    const evidence = encodeEvidence({
      provider: evidenceProviders.simulation,
      quote: new Uint8Array([1]),
      collateral: new Uint8Array(0),
    })
    expect(malformedDetails(evidence)).toContain('not a DCAP provider')
  })

  it('error: collateral that is not a collateral object', () => {
    const wrap = (text: string) =>
      encodeEvidence({
        provider: evidenceProviders.sgx,
        quote: fx.sgx.quote,
        collateral: new TextEncoder().encode(text),
      })
    expect(malformedDetails(wrap('not json'))).toContain('not UTF-8 JSON')
    expect(malformedDetails(wrap('[]'))).toContain('not an object')
    const { tcb_info: _dropped, ...rest } = fx.sgx.collateral
    expect(malformedDetails(wrap(JSON.stringify(rest)))).toContain('lacks tcb_info')
  })

  it('error: bad arguments to encode are TypeErrors', () => {
    const collateral = fx.sgx.collateral
    expect(() =>
      encodeDcapEvidence({ provider: 'simulation' as never, quote: fx.sgx.quote, collateral }),
    ).toThrow(TypeError)
    expect(() => encodeDcapEvidence({ provider: 'sgx', quote: new Uint8Array(0), collateral })).toThrow(
      TypeError,
    )
  })
})

import { Quote } from '@phala/dcap-qvl'
import { isRaceteeError } from '@racetee/protocol'
import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { loadDcapFixtures } from '../attestation/test/dcapFixtures.js'
import { readQuoteReport } from './readQuoteReport.js'
import { minimalQuote } from './test/minimalQuote.js'

const fixtures = loadDcapFixtures()

function caught(run: () => unknown): unknown {
  try {
    run()
  } catch (err) {
    return err
  }
  return undefined
}

describe('readQuoteReport', () => {
  it('reads the measurement and report data of real SGX v3 and TDX v4/v5 quotes as dcap-qvl does', () => {
    const sgx = readQuoteReport(fixtures.sgx.quote)
    const parsedSgx = Quote.parse(fixtures.sgx.quote).report.asSgx()!
    expect(sgx).toEqual({
      tee: 'sgx',
      version: 3,
      measurement: bytesToHex(parsedSgx.mrEnclave),
      reportData: new Uint8Array(parsedSgx.reportData),
    })
    expect(new TextDecoder().decode(sgx.reportData.subarray(0, 13))).toBe('Hello, world!')
    for (const quote of [fixtures.tdx.quote, fixtures.tdxOutdated.quote]) {
      const td = Quote.parse(quote).report
      const td10 = td.asTd10() ?? td.asTd15()!.base
      const report = readQuoteReport(quote)
      expect(report.tee).toBe('tdx')
      expect(report.measurement).toBe(bytesToHex(td10.mrTd))
      expect(report.reportData).toEqual(new Uint8Array(td10.reportData))
    }
    expect(readQuoteReport(fixtures.tdx.quote).version).toBe(4)
    expect(readQuoteReport(fixtures.tdxOutdated.quote).version).toBe(5)
  })

  it('behavior: the test helper’s minimal quotes use the same offsets', () => {
    const reportData = new Uint8Array(64).fill(9)
    for (const tee of ['sgx', 'tdx'] as const) {
      const report = readQuoteReport(minimalQuote({ tee, reportData }))
      expect(report.tee).toBe(tee)
      expect(report.reportData).toEqual(reportData)
      expect(report.measurement.length).toBe(2 + 2 * (tee === 'sgx' ? 32 : 48))
    }
  })

  it('error: short, unknown-TEE and unknown-version quotes are refused as malformed', () => {
    const good = minimalQuote({ tee: 'sgx', reportData: new Uint8Array(64) })
    const otherTee = good.slice()
    otherTee[4] = 0x7f
    const otherVersion = good.slice()
    otherVersion[0] = 9
    for (const quote of [good.subarray(0, 40), good.subarray(0, 300), otherTee, otherVersion]) {
      const err = caught(() => readQuoteReport(quote))
      expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    }
    expect(caught(() => readQuoteReport('0x00' as never))).toBeInstanceOf(TypeError)
  })
})

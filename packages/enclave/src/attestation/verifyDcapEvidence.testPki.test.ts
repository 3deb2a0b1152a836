import { evidenceReportData, isRaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, keccak256, stringToBytes } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeDcapEvidence } from './dcapEvidence.js'
import { createTestDcapPki, type TestDcapPki, type TestDcapQuote } from './test/testPki/createTestDcapPki.js'
import {
  type DcapPolicy,
  type VerifyDcapEvidenceParameters,
  verifyDcapEvidence,
} from './verifyDcapEvidence.js'

// Quotes and collateral the test issues itself (design D2): valid at `now`, with report data
// bound to keys of the test's choosing, so binding, policy and collateral failures can be shown.
const now = 1_790_000_000
const chainId = 31337n
const mc = '0x00000000000000000000000000000000000000cc' as const
const signer = '0x00000000000000000000000000000000000000a1' as const
const encryptionKey: Hex = `0x${'e1'.repeat(32)}`
const reportData = evidenceReportData(chainId, mc, signer, encryptionKey)
const MRENCLAVE = keccak256(stringToBytes('enclave build 1'))
const MRTD: Hex = `0x${'7d'.repeat(48)}`
const policy: DcapPolicy = { allowedMeasurements: [MRENCLAVE], minimumTcbStatus: 'UpToDate' }
const tdxPolicy: DcapPolicy = { allowedMeasurements: [MRTD], minimumTcbStatus: 'UpToDate' }

let pki: TestDcapPki
let other: TestDcapPki
let sgx: TestDcapQuote

beforeAll(async () => {
  pki = await createTestDcapPki({ now })
  other = await createTestDcapPki({ now, label: 'Other' })
  sgx = await pki.issue({ provider: 'sgx', measurement: MRENCLAVE, reportData })
})

function params(
  quote: TestDcapQuote,
  over: Partial<VerifyDcapEvidenceParameters> = {},
): VerifyDcapEvidenceParameters {
  return {
    evidence: quote.evidence,
    provider: quote.provider,
    rootCaDer: pki.rootCaDer,
    now,
    policy,
    expectedReportData: reportData,
    ...over,
  } as VerifyDcapEvidenceParameters
}

/** Resolves to the first word of the rejection's details; fails the test on anything else. */
async function reason(parameters: VerifyDcapEvidenceParameters): Promise<string> {
  try {
    await verifyDcapEvidence(parameters)
  } catch (err) {
    if (!isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')) throw err
    return (err.details ?? '').split(':')[0]!
  }
  throw new Error('expected a rejection')
}

describe('verifyDcapEvidence (test PKI)', () => {
  it('verifies a test-PKI SGX quote against the test root at now, bound to the expected report data', async () => {
    const verdict = await verifyDcapEvidence(params(sgx))
    expect(verdict).toMatchObject({
      provider: 'sgx',
      simulated: false,
      measurement: MRENCLAVE,
      tcbStatus: 'UpToDate',
      advisories: [],
      reportData: bytesToHex(reportData),
    })
  })

  it('behavior: a test-PKI TDX v4 quote verifies with its MRTD, and with MRTD ‖ RTMR0..3 pinned', async () => {
    const rtmrs = [1, 2, 3, 4].map((i) => `0x${`0${i}`.repeat(48)}` as Hex) as [Hex, Hex, Hex, Hex]
    const tdx = await pki.issue({
      provider: 'tdx',
      measurement: MRTD,
      runtimeMeasurements: rtmrs,
      reportData,
    })
    const verdict = await verifyDcapEvidence(params(tdx, { policy: tdxPolicy }))
    expect(verdict).toMatchObject({ provider: 'tdx', measurement: MRTD, runtimeMeasurements: rtmrs })
    const full = `${MRTD}${rtmrs.map((r) => r.slice(2)).join('')}` as Hex
    await expect(
      verifyDcapEvidence(params(tdx, { policy: { allowedMeasurements: [full] } })),
    ).resolves.toBeTruthy()
  })

  it('behavior: a TCB status the policy allows is accepted with its advisories; collateral is valid at both ends', async () => {
    const outOfDate = await pki.issue({
      provider: 'sgx',
      measurement: MRENCLAVE,
      reportData,
      tcbStatus: 'OutOfDate',
      advisoryIds: ['INTEL-SA-00999'],
    })
    const lenient: DcapPolicy = { ...policy, minimumTcbStatus: 'OutOfDate' }
    const verdict = await verifyDcapEvidence(params(outOfDate, { policy: lenient }))
    expect(verdict).toMatchObject({ tcbStatus: 'OutOfDate', advisories: ['INTEL-SA-00999'] })
    for (const at of [pki.validFrom, pki.validUntil])
      await expect(verifyDcapEvidence(params(sgx, { now: at }))).resolves.toBeTruthy()
  })

  it('error: report data bound to another signer, encryption key, MC or chain is reportDataMismatch', async () => {
    const bindings = [
      evidenceReportData(chainId, mc, '0x00000000000000000000000000000000000000a2', encryptionKey),
      evidenceReportData(chainId, mc, signer, `0x${'e2'.repeat(32)}`),
      evidenceReportData(chainId, '0x00000000000000000000000000000000000000cd', signer, encryptionKey),
      evidenceReportData(1n, mc, signer, encryptionKey),
    ]
    for (const bound of bindings) {
      const quote = await pki.issue({ provider: 'sgx', measurement: MRENCLAVE, reportData: bound })
      expect(await reason(params(quote))).toBe('reportDataMismatch')
    }
  })

  it('error: a measurement the policy does not list is measurementNotAllowed', async () => {
    const quote = await pki.issue({
      provider: 'sgx',
      measurement: keccak256(stringToBytes('build 2')),
      reportData,
    })
    expect(await reason(params(quote))).toBe('measurementNotAllowed')
  })

  it('error: a TCB status below the policy minimum, or Revoked, is tcb', async () => {
    for (const tcbStatus of ['OutOfDate', 'SWHardeningNeeded', 'Revoked'] as const) {
      const quote = await pki.issue({ provider: 'sgx', measurement: MRENCLAVE, reportData, tcbStatus })
      expect(await reason(params(quote))).toBe('tcb')
    }
  })

  it('error: verified against another root CA the chain is a certificate fault', async () => {
    expect(await reason(params(sgx, { rootCaDer: other.rootCaDer }))).toBe('certificate')
  })

  it('error: collateral past its nextUpdate, or not yet issued, at now is expired', async () => {
    expect(await reason(params(sgx, { now: pki.validUntil + 1 }))).toBe('expired')
    expect(await reason(params(sgx, { now: pki.validFrom - 1 }))).toBe('expired')
  })

  it('error: a PCK certificate listed in the PCK CRL is revoked', async () => {
    const quote = await pki.issue({ provider: 'sgx', measurement: MRENCLAVE, reportData, revokePck: true })
    expect(await reason(params(quote))).toBe('revoked')
  })

  it('error: a tampered quote byte or collateral text fails its signature', async () => {
    const quote = sgx.quote.slice()
    quote[48 + 64]! ^= 0x01 // first byte of MRENCLAVE, under the attestation key's signature
    const evidence = encodeDcapEvidence({ provider: 'sgx', quote, collateral: sgx.collateral })
    expect(await reason(params(sgx, { evidence }))).toBe('signature')
    const tcbInfo = sgx.collateral.tcb_info.replace(
      '"tcbEvaluationDataNumber":17',
      '"tcbEvaluationDataNumber":18',
    )
    expect(tcbInfo).not.toBe(sgx.collateral.tcb_info)
    const collateral = { ...sgx.collateral, tcb_info: tcbInfo }
    const forged = encodeDcapEvidence({ provider: 'sgx', quote: sgx.quote, collateral })
    expect(await reason(params(sgx, { evidence: forged }))).toBe('signature')
  })

  it('error: a CRL signed by the wrong CA is crl', async () => {
    for (const wrong of ['pckCrl', 'rootCrl'] as const) {
      const quote = await pki.issue({
        provider: 'sgx',
        measurement: MRENCLAVE,
        reportData,
        crlSignedByWrongCa: wrong,
      })
      expect(await reason(params(quote))).toBe('crl')
    }
  })
})

import { evidenceReportData, isRaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, zeroAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { encodeDcapEvidence } from './dcapEvidence.js'
import { loadDcapFixtures } from './test/dcapFixtures.js'
import {
  type DcapPolicy,
  type VerifyDcapEvidenceParameters,
  verifyDcapEvidence,
} from './verifyDcapEvidence.js'

const fx = loadDcapFixtures()
const MRENCLAVE: Hex = '0x33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb'
const MRTD: Hex =
  '0x91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7'
const sgxPolicy: DcapPolicy = {
  allowedMeasurements: [MRENCLAVE],
  minimumTcbStatus: 'ConfigurationAndSWHardeningNeeded',
}
const tdxPolicy: DcapPolicy = { allowedMeasurements: [MRTD], minimumTcbStatus: 'UpToDate' }

const sgxParams = (over: Partial<VerifyDcapEvidenceParameters> = {}): VerifyDcapEvidenceParameters =>
  ({
    evidence: encodeDcapEvidence({ provider: 'sgx', quote: fx.sgx.quote, collateral: fx.sgx.collateral }),
    provider: 'sgx',
    rootCaDer: fx.rootCaDer,
    now: fx.sgx.now,
    policy: sgxPolicy,
    ...over,
  }) as VerifyDcapEvidenceParameters

const tdxParams = (over: Partial<VerifyDcapEvidenceParameters> = {}): VerifyDcapEvidenceParameters =>
  ({
    quote: fx.tdx.quote,
    collateral: fx.tdx.collateral,
    provider: 'tdx',
    rootCaDer: fx.rootCaDer,
    now: fx.tdx.now,
    policy: tdxPolicy,
    ...over,
  }) as VerifyDcapEvidenceParameters

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

function earliestNextUpdate(collateral: typeof fx.sgx.collateral): number {
  const tcb = JSON.parse(collateral.tcb_info) as { nextUpdate: string }
  const qe = JSON.parse(collateral.qe_identity) as { nextUpdate: string }
  return Math.min(Date.parse(tcb.nextUpdate), Date.parse(qe.nextUpdate)) / 1000
}

describe('verifyDcapEvidence', () => {
  it('verifies the real SGX quote from P7 evidence at its time', async () => {
    const verdict = await verifyDcapEvidence(sgxParams())
    expect(verdict).toMatchObject({
      provider: 'sgx',
      simulated: false,
      measurement: MRENCLAVE,
      tcbStatus: 'ConfigurationAndSWHardeningNeeded',
      advisories: ['INTEL-SA-00289', 'INTEL-SA-00615'],
    })
    expect(verdict.mrSigner?.startsWith('0x815f42f1')).toBe(true)
    expect(Buffer.from(verdict.reportData.slice(2, 28), 'hex').toString()).toBe('Hello, world!')
  })

  it('behavior: verifies the real TDX quote as UpToDate without advisories', async () => {
    const verdict = await verifyDcapEvidence(tdxParams())
    expect(verdict).toMatchObject({
      provider: 'tdx',
      simulated: false,
      measurement: MRTD,
      tcbStatus: 'UpToDate',
    })
    expect(verdict.advisories).toEqual([])
    expect(verdict.runtimeMeasurements).toHaveLength(4)
  })

  it('behavior: a TDX policy may pin MRTD and RTMR0..3 together', async () => {
    const { runtimeMeasurements } = await verifyDcapEvidence(tdxParams())
    const full = `${MRTD}${runtimeMeasurements!.map((r) => r.slice(2)).join('')}` as Hex
    await expect(
      verifyDcapEvidence(tdxParams({ policy: { ...tdxPolicy, allowedMeasurements: [full] } })),
    ).resolves.toMatchObject({ measurement: MRTD })
    const last = Number.parseInt(full.slice(-2), 16) ^ 0x01
    const otherRtmr3 = `${full.slice(0, -2)}${last.toString(16).padStart(2, '0')}` as Hex
    expect(await reason(tdxParams({ policy: { ...tdxPolicy, allowedMeasurements: [otherRtmr3] } }))).toBe(
      'measurementNotAllowed',
    )
  })

  it('behavior: accepts the listed advisories and a bigint now', async () => {
    const policy = { ...sgxPolicy, allowedAdvisories: ['INTEL-SA-00289', 'intel-sa-00615'] }
    await expect(verifyDcapEvidence(sgxParams({ policy, now: BigInt(fx.sgx.now) }))).resolves.toBeDefined()
  })

  it('behavior: matching expected report data is accepted', async () => {
    const { reportData } = await verifyDcapEvidence(sgxParams())
    const expected = Buffer.from(reportData.slice(2), 'hex')
    await expect(verifyDcapEvidence(sgxParams({ expectedReportData: expected }))).resolves.toBeDefined()
  })

  it('behavior: warm verification time', async () => {
    await verifyDcapEvidence(sgxParams())
    await verifyDcapEvidence(tdxParams())
    const runs = 20
    for (const [name, params] of [
      ['sgx', sgxParams()],
      ['tdx', tdxParams()],
    ] as const) {
      const start = performance.now()
      for (let i = 0; i < runs; i++) await verifyDcapEvidence(params)
      const ms = (performance.now() - start) / runs
      console.info(`warm verifyDcapEvidence ${name}: ${ms.toFixed(2)} ms`)
      expect(ms).toBeLessThan(500)
    }
  })

  it('error: the outdated TDX quote has no matching TCB level', async () => {
    const { quote, collateral, now } = fx.tdxOutdated
    expect(await reason(tdxParams({ quote, collateral, now }))).toBe('tcb')
  })

  it('error: a measurement the policy does not allow', async () => {
    expect(
      await reason(sgxParams({ policy: { ...sgxPolicy, allowedMeasurements: [`0x${'11'.repeat(32)}`] } })),
    ).toBe('measurementNotAllowed')
    expect(await reason(tdxParams({ policy: { ...tdxPolicy, allowedMeasurements: [] } }))).toBe(
      'measurementNotAllowed',
    )
  })

  it('error: a TCB status below the minimum, outside the allowed list, or by default', async () => {
    expect(await reason(sgxParams({ policy: { ...sgxPolicy, minimumTcbStatus: 'SWHardeningNeeded' } }))).toBe(
      'tcb',
    )
    expect(
      await reason(
        sgxParams({ policy: { allowedMeasurements: [MRENCLAVE], allowedTcbStatuses: ['UpToDate'] } }),
      ),
    ).toBe('tcb')
    expect(await reason(sgxParams({ policy: { allowedMeasurements: [MRENCLAVE] } }))).toBe('tcb')
  })

  it('error: an advisory the policy does not list', async () => {
    const policy = { ...sgxPolicy, allowedAdvisories: ['INTEL-SA-00289'] }
    expect(await reason(sgxParams({ policy }))).toBe('advisoryNotAllowed')
  })

  it('error: report data that is not ours', async () => {
    const ours = evidenceReportData(31337n, zeroAddress, zeroAddress, bytesToHex(new Uint8Array(32)))
    expect(await reason(sgxParams({ expectedReportData: ours }))).toBe('reportDataMismatch')
    expect(await reason(tdxParams({ expectedReportData: ours }))).toBe('reportDataMismatch')
  })

  it('error: a root CA other than the one that issued the chain', async () => {
    expect(await reason(sgxParams({ rootCaDer: fx.otherRootCaDer }))).toBe('certificate')
    expect(await reason(tdxParams({ rootCaDer: fx.otherRootCaDer }))).toBe('certificate')
  })

  it('error: a now after the collateral expired, or before it was issued', async () => {
    expect(await reason(sgxParams({ now: earliestNextUpdate(fx.sgx.collateral) + 1 }))).toBe('expired')
    expect(await reason(tdxParams({ now: earliestNextUpdate(fx.tdx.collateral) + 1 }))).toBe('expired')
    expect(await reason(sgxParams({ now: Math.floor(Date.parse('2020-01-01') / 1000) }))).toBe('expired')
  })

  it('error: a flipped bit in the quote body or its signature', async () => {
    const body = fx.sgx.quote.slice()
    body[48 + 320]! ^= 0x01 // first byte of the SGX report data
    expect(
      await reason(
        tdxParams({
          provider: 'sgx',
          policy: sgxPolicy,
          now: fx.sgx.now,
          quote: body,
          collateral: fx.sgx.collateral,
        }),
      ),
    ).toBe('signature')
    const sig = fx.tdx.quote.slice()
    sig[48 + 584 + 4 + 10]! ^= 0x01 // inside the ECDSA quote signature
    expect(await reason(tdxParams({ quote: sig }))).toBe('signature')
  })

  it('error: a provider other than the one expected', async () => {
    expect(await reason(sgxParams({ provider: 'tdx', policy: tdxPolicy }))).toBe('providerMismatch')
    expect(await reason(tdxParams({ provider: 'sgx', policy: sgxPolicy }))).toBe('providerMismatch')
  })

  it('error: collateral whose CRL signature does not verify (the library does not check it)', async () => {
    const hex = fx.sgx.collateral.pck_crl as string
    const pck_crl = `${hex.slice(0, -2)}${(Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}`
    const collateral = { ...fx.sgx.collateral, pck_crl }
    expect(
      await reason(
        tdxParams({ provider: 'sgx', policy: sgxPolicy, now: fx.sgx.now, quote: fx.sgx.quote, collateral }),
      ),
    ).toBe('crl')
  })

  it('error: a QE vendor other than Intel', async () => {
    const quote = fx.tdx.quote.slice()
    quote[12]! ^= 0x01 // first byte of the header's QE vendor id
    expect(await reason(tdxParams({ quote }))).toBe('qeVendor')
  })

  it('error: malformed evidence or a truncated quote', async () => {
    expect(await reason(sgxParams({ evidence: new Uint8Array([1, 2, 3]) } as never))).toBe('malformed')
    expect(await reason(tdxParams({ quote: fx.tdx.quote.slice(0, 100) }))).toBe('malformed')
  })

  it('error: argument shapes are TypeError/RangeError', async () => {
    await expect(verifyDcapEvidence(sgxParams({ now: -1 }))).rejects.toThrow(RangeError)
    await expect(verifyDcapEvidence(sgxParams({ now: 1.5 }))).rejects.toThrow(RangeError)
    await expect(verifyDcapEvidence(sgxParams({ expectedReportData: new Uint8Array(32) }))).rejects.toThrow(
      RangeError,
    )
    await expect(verifyDcapEvidence(sgxParams({ policy: { allowedMeasurements: [MRTD] } }))).rejects.toThrow(
      RangeError,
    )
    await expect(verifyDcapEvidence(sgxParams({ rootCaDer: new Uint8Array(0) }))).rejects.toThrow(TypeError)
    const notHex = { allowedMeasurements: ['0xzz' as Hex] }
    await expect(verifyDcapEvidence(sgxParams({ policy: notHex }))).rejects.toThrow(TypeError)
  })
})

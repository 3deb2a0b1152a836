/**
 * Verification of SGX and TDX DCAP evidence with a policy (design D2, D2.1; docs/protocol.md
 * P7). `@phala/dcap-qvl` checks the quote's signatures, the PCK chain to the configured root CA,
 * the TCB info and QE identity at `now`; this module adds what a deployment decides and what
 * the library leaves out: the provider the caller expects, Intel's QE vendor id, allowed
 * measurements, the TCB status and advisories, and the report data binding. `now` is the proven
 * header's timestamp (D2.1), never the host's clock.
 *
 * The library's gaps (shared/fixtures/dcap/README.md) covered here: the QE vendor id, and CRL
 * signatures and dates (`checkDcapCrls`).
 *
 * Nothing here is secret: quotes, collateral, measurements and report data are public.
 * @module
 */
import { Quote, QuoteVerifier, utils, type VerifiedReport } from '@phala/dcap-qvl'
import { RaceteeError, REPORT_DATA_LENGTH } from '@racetee/protocol'
import { bytesToHex, type Hex, hexToBytes, isHex } from 'viem'
import { checkDcapCrls } from './checkDcapCrls.js'
import { type DcapCollateral, type DcapProvider, decodeDcapEvidence } from './dcapEvidence.js'
import { classifyDcapFailure, rejectDcap } from './dcapRejection.js'
import { type DcapTcbPolicy, type DcapTcbStatus, tcbPolicyRefusal } from './dcapTcbPolicy.js'

/** Intel's QE vendor id; the library does not check it. */
const INTEL_QE_VENDOR_ID = '0x939a7233f79c4ca9940a0db3957f0607'
const MEASUREMENT_LENGTH = { sgx: 32, tdx: 48 } as const
/** MRTD ‖ RTMR0 ‖ RTMR1 ‖ RTMR2 ‖ RTMR3. */
const TDX_FULL_MEASUREMENT_LENGTH = 48 * 5

export type DcapPolicy = DcapTcbPolicy & {
  /**
   * SGX: MRENCLAVE (32 bytes). TDX: MRTD (48 bytes), or MRTD ‖ RTMR0..3 (240 bytes) to pin the
   * runtime measurements as well.
   */
  allowedMeasurements: readonly Hex[]
}

export type VerifyDcapEvidenceParameters = (
  | { evidence: Uint8Array }
  | { quote: Uint8Array; collateral: DcapCollateral }
) & {
  provider: DcapProvider
  /** DER of the root CA this deployment trusts (Intel's SGX root CA in production). */
  rootCaDer: Uint8Array
  /** Seconds since the epoch, from the proven header (D2.1). */
  now: number | bigint
  policy: DcapPolicy
  /** The report data the verifier computed itself (`evidenceReportData`), 64 bytes. */
  expectedReportData?: Uint8Array
}

export type DcapEvidenceVerdict = {
  provider: DcapProvider
  simulated: false
  /** SGX MRENCLAVE or TDX MRTD. */
  measurement: Hex
  /** SGX: MRSIGNER. */
  mrSigner?: Hex
  /** TDX: RTMR0..RTMR3. */
  runtimeMeasurements?: readonly [Hex, Hex, Hex, Hex]
  tcbStatus: DcapTcbStatus
  advisories: readonly string[]
  reportData: Hex
}

/**
 * Verifies DCAP evidence against `rootCaDer` at `now` and applies `policy`. Returns the verdict
 * or throws ENCLAVE_ATTESTATION_INVALID whose details start with a `DcapEvidenceRejection`.
 * Argument-shape faults (not bytes, bad lengths, a bad `now`) are TypeError/RangeError.
 */
export async function verifyDcapEvidence(
  parameters: VerifyDcapEvidenceParameters,
): Promise<DcapEvidenceVerdict> {
  const { provider, rootCaDer, policy, expectedReportData } = parameters
  if (provider !== 'sgx' && provider !== 'tdx') throw new TypeError('provider must be "sgx" or "tdx"')
  if (!(rootCaDer instanceof Uint8Array) || rootCaDer.length === 0)
    throw new TypeError('rootCaDer must be a non-empty Uint8Array')
  if (expectedReportData !== undefined && expectedReportData.length !== REPORT_DATA_LENGTH)
    throw new RangeError(`expectedReportData must be ${REPORT_DATA_LENGTH} bytes`)
  const now = nowSeconds(parameters.now)
  const allowed = measurementsFor(provider, policy.allowedMeasurements)

  const { quote, collateral } = quoteAndCollateral(parameters)
  let parsed: Quote
  try {
    parsed = Quote.parse(quote)
  } catch (err) {
    throw rejectDcap('malformed', err instanceof Error ? err.message : 'undecodable quote', err)
  }
  const quoteProvider: DcapProvider = parsed.header.isSgx() ? 'sgx' : 'tdx'
  if (quoteProvider !== provider)
    throw rejectDcap('providerMismatch', `expected ${provider}, quote is ${quoteProvider}`)
  const vendor = bytesToHex(parsed.header.qeVendorId)
  if (vendor !== INTEL_QE_VENDOR_ID) throw rejectDcap('qeVendor', `QE vendor ${vendor}`)

  let verified: VerifiedReport
  try {
    verified = QuoteVerifier.newWithRootCa(Buffer.from(rootCaDer)).verify(quote, collateral, now)
  } catch (err) {
    throw err instanceof RaceteeError ? err : classifyDcapFailure(err)
  }
  checkDcapCrls({ collateral, rootCaDer, pckIssuerDer: pckIssuerOf(parsed), now })

  const advisories = [...verified.advisory_ids]
  const refusal = tcbPolicyRefusal(policy, verified.status, advisories)
  if (refusal !== undefined) throw rejectDcap(refusal.reason, refusal.details)

  const measured = measurementsOf(verified)
  if (measured.provider !== provider)
    throw rejectDcap('providerMismatch', `expected ${provider}, report is ${measured.provider}`)
  const full = measured.full.toLowerCase()
  const measurement = measured.measurement.toLowerCase()
  if (!allowed.some((m) => m === measurement || m === full))
    throw rejectDcap('measurementNotAllowed', `measurement ${measured.measurement}`)
  if (expectedReportData !== undefined && measured.reportData !== bytesToHex(expectedReportData))
    throw rejectDcap('reportDataMismatch', `report data ${measured.reportData}`)

  return {
    provider,
    simulated: false,
    measurement: measured.measurement,
    ...(measured.mrSigner === undefined ? {} : { mrSigner: measured.mrSigner }),
    ...(measured.runtime === undefined ? {} : { runtimeMeasurements: measured.runtime }),
    tcbStatus: verified.status,
    advisories,
    reportData: measured.reportData,
  }
}

function quoteAndCollateral(parameters: VerifyDcapEvidenceParameters): {
  quote: Uint8Array
  collateral: DcapCollateral
} {
  if ('evidence' in parameters) {
    if (!(parameters.evidence instanceof Uint8Array)) throw new TypeError('evidence must be a Uint8Array')
    let decoded: ReturnType<typeof decodeDcapEvidence>
    try {
      decoded = decodeDcapEvidence(parameters.evidence)
    } catch (err) {
      throw rejectDcap(
        'malformed',
        err instanceof RaceteeError ? (err.details ?? err.shortMessage) : 'undecodable evidence',
        err,
      )
    }
    if (decoded.provider !== parameters.provider)
      throw rejectDcap('providerMismatch', `expected ${parameters.provider}, evidence is ${decoded.provider}`)
    return decoded
  }
  if (!(parameters.quote instanceof Uint8Array)) throw new TypeError('quote must be a Uint8Array')
  if (typeof parameters.collateral !== 'object' || parameters.collateral === null)
    throw new TypeError('collateral must be an object')
  return { quote: parameters.quote, collateral: parameters.collateral }
}

/** The CA certificate that issued the PCK certificate: the second of the quote's chain. */
function pckIssuerOf(quote: Quote): Uint8Array {
  let certs: Uint8Array[]
  try {
    certs = utils.extractCerts(Buffer.from(quote.rawCertChain()))
  } catch (err) {
    throw rejectDcap('certificate', 'PCK chain does not parse', err)
  }
  if (certs.length < 2) throw rejectDcap('certificate', 'PCK chain has no issuer')
  return certs[1]!
}

function nowSeconds(now: number | bigint): number {
  const seconds = typeof now === 'bigint' ? Number(now) : now
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new RangeError('now must be a non-negative whole number of seconds')
  return seconds
}

function measurementsFor(provider: DcapProvider, allowedMeasurements: readonly Hex[]): string[] {
  if (!Array.isArray(allowedMeasurements)) throw new TypeError('policy.allowedMeasurements must be an array')
  return allowedMeasurements.map((m, i) => {
    if (!isHex(m, { strict: true })) throw new TypeError(`policy.allowedMeasurements[${i}] must be hex`)
    const length = hexToBytes(m).length
    const ok =
      length === MEASUREMENT_LENGTH[provider] ||
      (provider === 'tdx' && length === TDX_FULL_MEASUREMENT_LENGTH)
    if (!ok) throw new RangeError(`policy.allowedMeasurements[${i}] has the wrong length for ${provider}`)
    return m.toLowerCase()
  })
}

type Measured = {
  provider: DcapProvider
  measurement: Hex
  full: Hex
  mrSigner?: Hex
  runtime?: [Hex, Hex, Hex, Hex]
  reportData: Hex
}

function measurementsOf(verified: VerifiedReport): Measured {
  const sgx = verified.report.asSgx()
  if (sgx !== null) {
    const measurement = bytesToHex(sgx.mrEnclave)
    return {
      provider: 'sgx',
      measurement,
      full: measurement,
      mrSigner: bytesToHex(sgx.mrSigner),
      reportData: bytesToHex(sgx.reportData),
    }
  }
  // A TD 1.5 report extends TD 1.0; asTd10 gives the common fields for both.
  const td = verified.report.asTd10()
  if (td === null) throw rejectDcap('malformed', `report type ${verified.report.type}`)
  const runtime: [Hex, Hex, Hex, Hex] = [
    bytesToHex(td.rtMr0),
    bytesToHex(td.rtMr1),
    bytesToHex(td.rtMr2),
    bytesToHex(td.rtMr3),
  ]
  const measurement = bytesToHex(td.mrTd)
  return {
    provider: 'tdx',
    measurement,
    full: `${measurement}${runtime.map((r) => r.slice(2)).join('')}` as Hex,
    runtime,
    reportData: bytesToHex(td.reportData),
  }
}

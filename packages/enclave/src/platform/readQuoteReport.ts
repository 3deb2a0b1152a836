/**
 * Reads the report body of a DCAP quote as the platform produced it (D2, P7): which TEE made it,
 * its measurement and its 64 bytes of report data. The hardware providers use it to check that
 * the quote they were handed carries the report data they wrote (a stale or foreign quote from
 * a confused or hostile platform file is refused before it becomes our evidence) and to say
 * which measurement `describe()` reports.
 *
 * Layouts (Intel SGX ECDSA Quote Library API, quote v3; Intel TDX DCAP Quoting Library API,
 * quotes v4 and v5), offsets from the start of the quote:
 * ```
 * header (48)  u16 version ‖ u16 attestation key type ‖ u32 TEE type (0 SGX, 0x81 TDX) ‖ …
 * v3/v4 body   at 48: SGX enclave report (384) or TD report 1.0 (584)
 * v5 body      at 48: u16 body type (1 SGX, 2 TD 1.0, 3 TD 1.5) ‖ u32 size ‖ report at 54
 * SGX report   MRENCLAVE at +64 (32), report data at +320 (64)
 * TD report    MRTD at +136 (48), report data at +520 (64) (TD 1.5 extends 1.0 at its end)
 * ```
 * This checks layout only; signatures and collateral are `verifyDcapEvidence`'s. Public data.
 * @module
 */
import { errorCodes, RaceteeError, REPORT_DATA_LENGTH } from '@racetee/protocol'
import { bytesToHex, type Hex } from 'viem'

export type QuoteReport = {
  tee: 'sgx' | 'tdx'
  version: number
  /** SGX MRENCLAVE (32 bytes) or TDX MRTD (48 bytes). */
  measurement: Hex
  reportData: Uint8Array
}

const HEADER = 48
const TEE_SGX = 0x00000000
const TEE_TDX = 0x00000081
const SGX_REPORT = { size: 384, measurement: 64, measurementLength: 32, reportData: 320 } as const
const TD10_REPORT = { size: 584, measurement: 136, measurementLength: 48, reportData: 520 } as const
const V5_BODY_TYPES: Record<number, 'sgx' | 'tdx'> = { 1: 'sgx', 2: 'tdx', 3: 'tdx' }

export function readQuoteReport(quote: Uint8Array): QuoteReport {
  if (!(quote instanceof Uint8Array)) throw new TypeError('quote must be a Uint8Array')
  if (quote.length < HEADER) throw invalid(`${quote.length}-byte quote is shorter than its header`)
  const view = new DataView(quote.buffer, quote.byteOffset, quote.byteLength)
  const version = view.getUint16(0, true)
  const teeType = view.getUint32(4, true)
  const headerTee = teeType === TEE_SGX ? 'sgx' : teeType === TEE_TDX ? 'tdx' : undefined
  if (headerTee === undefined) throw invalid(`TEE type 0x${teeType.toString(16)}`)
  let tee: 'sgx' | 'tdx' = headerTee
  let body = HEADER
  if (version === 5) {
    if (quote.length < HEADER + 6) throw invalid('quote v5 lacks its body header')
    const bodyTee = V5_BODY_TYPES[view.getUint16(HEADER, true)]
    if (bodyTee === undefined || bodyTee !== headerTee)
      throw invalid(`quote v5 body type ${view.getUint16(HEADER, true)} under TEE ${headerTee}`)
    tee = bodyTee
    body = HEADER + 6
  } else if (version !== 3 && version !== 4) throw invalid(`quote version ${version}`)
  const layout = tee === 'sgx' ? SGX_REPORT : TD10_REPORT
  if (quote.length < body + layout.size) throw invalid(`${quote.length}-byte ${tee} quote v${version}`)
  const at = (offset: number, length: number) => quote.slice(body + offset, body + offset + length)
  return {
    tee,
    version,
    measurement: bytesToHex(at(layout.measurement, layout.measurementLength)),
    reportData: at(layout.reportData, REPORT_DATA_LENGTH),
  }
}

function invalid(details: string): RaceteeError {
  return new RaceteeError(
    errorCodes.ENCLAVE_ATTESTATION_INVALID,
    'The platform’s quote is not a DCAP quote.',
    {
      details: `malformed: ${details}`,
    },
  )
}

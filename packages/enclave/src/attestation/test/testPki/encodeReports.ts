/**
 * Test-only: the fixed-size reports inside a DCAP quote, laid out as Intel's quote format (and
 * `@phala/dcap-qvl` src/quote.js) reads them: the SGX enclave report (384 bytes, also the QE
 * report's format) and the TDX TD report 1.0 (584 bytes). Reserved fields stay zero; integers
 * are little-endian. Nothing here is secret.
 * @module
 */

export const ENCLAVE_REPORT_LENGTH = 384
export const TD_REPORT10_LENGTH = 584

export type EnclaveReportFields = {
  cpuSvn: Uint8Array
  miscSelect: number
  attributes: Uint8Array
  mrEnclave: Uint8Array
  mrSigner: Uint8Array
  isvProdId: number
  isvSvn: number
  reportData: Uint8Array
}

export function encodeEnclaveReport(fields: EnclaveReportFields): Uint8Array {
  const out = Buffer.alloc(ENCLAVE_REPORT_LENGTH)
  put(out, 0, fields.cpuSvn, 16, 'cpuSvn')
  out.writeUInt32LE(fields.miscSelect, 16)
  put(out, 48, fields.attributes, 16, 'attributes')
  put(out, 64, fields.mrEnclave, 32, 'mrEnclave')
  put(out, 128, fields.mrSigner, 32, 'mrSigner')
  out.writeUInt16LE(fields.isvProdId, 256)
  out.writeUInt16LE(fields.isvSvn, 258)
  put(out, 320, fields.reportData, 64, 'reportData')
  return new Uint8Array(out)
}

export type TdReport10Fields = {
  teeTcbSvn: Uint8Array
  tdAttributes: Uint8Array
  xfam: Uint8Array
  mrTd: Uint8Array
  /** RTMR0..RTMR3, 48 bytes each. */
  rtMrs: readonly [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  reportData: Uint8Array
}

/** MRSEAM, MRSIGNERSEAM, SEAM attributes, MRCONFIGID, MROWNER and MROWNERCONFIG stay zero. */
export function encodeTdReport10(fields: TdReport10Fields): Uint8Array {
  const out = Buffer.alloc(TD_REPORT10_LENGTH)
  put(out, 0, fields.teeTcbSvn, 16, 'teeTcbSvn')
  put(out, 120, fields.tdAttributes, 8, 'tdAttributes')
  put(out, 128, fields.xfam, 8, 'xfam')
  put(out, 136, fields.mrTd, 48, 'mrTd')
  for (const [i, rtMr] of fields.rtMrs.entries()) put(out, 328 + 48 * i, rtMr, 48, `rtMrs[${i}]`)
  put(out, 520, fields.reportData, 64, 'reportData')
  return new Uint8Array(out)
}

function put(out: Buffer, at: number, bytes: Uint8Array, length: number, name: string): void {
  if (bytes.length !== length) throw new RangeError(`${name} must be ${length} bytes`)
  out.set(bytes, at)
}

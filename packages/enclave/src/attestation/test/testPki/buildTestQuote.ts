/**
 * Test-only: a DCAP quote as a test platform's quoting enclave would produce it (design D2;
 * Intel's ECDSA quote format as `@phala/dcap-qvl` src/quote.js parses it): SGX quote v3 or TDX
 * quote v4 with the caller's measurement and 64-byte report data, signed by the attestation
 * key; the QE report binds that key (`sha256(key ‖ QE auth data)`) and is signed by the PCK key;
 * certification data type 5 carries the PEM chain PCK ‖ PCK CA ‖ root. Test keys only.
 * @module
 */
import { createHash } from 'node:crypto'
import type { DcapProvider } from '../../dcapEvidence.js'
import { encodeEnclaveReport, encodeTdReport10 } from './encodeReports.js'
import { type P256KeyPair, rawP256PublicKey, signP1363 } from './p256.js'
import { testQe } from './testTcbCollateral.js'

/** Intel's QE vendor id, which `verifyDcapEvidence` requires. */
const INTEL_QE_VENDOR_ID = Buffer.from('939a7233f79c4ca9940a0db3957f0607', 'hex')
const TEE_TYPE = { sgx: 0x00, tdx: 0x81 } as const
const QUOTE_VERSION = { sgx: 3, tdx: 4 } as const
const ATTESTATION_KEY_TYPE_ECDSA_P256 = 2
const CERT_TYPE_PCK_CHAIN = 5
const CERT_TYPE_QE_REPORT = 6
/** TD attributes with SEPT_VE_DISABLE (bit 28) set and debug off, as dcap-qvl requires. */
const TD_ATTRIBUTES = Uint8Array.from([0, 0, 0, 0x10, 0, 0, 0, 0])
/** SGX enclave attributes INIT and MODE64BIT, debug (bit 1) clear: dcap-qvl refuses a debug enclave. */
const ENCLAVE_ATTRIBUTES = Uint8Array.from([0x05, ...new Array<number>(15).fill(0)])

export type BuildTestQuoteParameters = {
  provider: DcapProvider
  /** SGX MRENCLAVE (32 bytes) or TDX MRTD (48 bytes). */
  measurement: Uint8Array
  /** TDX RTMR0..RTMR3; zero when absent. */
  runtimeMeasurements?: readonly [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  reportData: Uint8Array
  /** The platform's SGX TCB (CPUSVN as 16 bytes) and PCESVN, as in its PCK certificate. */
  cpuSvn: Uint8Array
  pceSvn: number
  /** TDX: TEE TCB SVN (16 bytes). */
  teeTcbSvn: Uint8Array
  /** SGX: the enclave's MRSIGNER (32 bytes). */
  mrSigner: Uint8Array
  attestationKey: P256KeyPair
  pckKey: P256KeyPair
  /** PEM, leaf first. */
  pckChainPem: string
}

export async function buildTestQuote(parameters: BuildTestQuoteParameters): Promise<Uint8Array> {
  const { provider, reportData, attestationKey, pckKey } = parameters
  if (reportData.length !== 64) throw new RangeError('reportData must be 64 bytes')

  const header = Buffer.alloc(48)
  header.writeUInt16LE(QUOTE_VERSION[provider], 0)
  header.writeUInt16LE(ATTESTATION_KEY_TYPE_ECDSA_P256, 2)
  header.writeUInt32LE(TEE_TYPE[provider], 4)
  header.writeUInt16LE(provider === 'sgx' ? testQe.isvSvn : 0, 8)
  header.writeUInt16LE(parameters.pceSvn, 10)
  header.set(INTEL_QE_VENDOR_ID, 12)
  header.set(Buffer.alloc(16, 0x51), 28) // user data: the QE id, then four zero bytes
  const report = provider === 'sgx' ? sgxReport(parameters) : tdReport(parameters)
  const signed = Buffer.concat([header, report])

  const attestationPublicKey = await rawP256PublicKey(attestationKey.publicKey)
  const qeAuthData = Buffer.alloc(32, 0x7a)
  const qeReport = encodeEnclaveReport({
    cpuSvn: parameters.cpuSvn,
    miscSelect: testQe.miscSelect,
    attributes: testQe.attributes,
    mrEnclave: new Uint8Array(32).fill(0x0e),
    mrSigner: testQe.mrSigner,
    isvProdId: testQe.isvProdId[provider],
    isvSvn: testQe.isvSvn,
    reportData: Buffer.concat([
      createHash('sha256').update(attestationPublicKey).update(qeAuthData).digest(),
      Buffer.alloc(32),
    ]),
  })
  const qeCertificationData = Buffer.concat([
    qeReport,
    signP1363(pckKey.privateKey, qeReport),
    u16(qeAuthData.length),
    qeAuthData,
    certificationData(CERT_TYPE_PCK_CHAIN, Buffer.from(parameters.pckChainPem, 'utf8')),
  ])
  // SGX v3 puts the QE certification data inline; TDX v4 wraps it as certification data type 6.
  const authData = Buffer.concat([
    signP1363(attestationKey.privateKey, signed),
    attestationPublicKey,
    provider === 'sgx' ? qeCertificationData : certificationData(CERT_TYPE_QE_REPORT, qeCertificationData),
  ])
  return new Uint8Array(Buffer.concat([signed, u32(authData.length), authData]))
}

function sgxReport(parameters: BuildTestQuoteParameters): Uint8Array {
  if (parameters.measurement.length !== 32) throw new RangeError('SGX measurement must be 32 bytes')
  return encodeEnclaveReport({
    cpuSvn: parameters.cpuSvn,
    miscSelect: 0,
    attributes: ENCLAVE_ATTRIBUTES,
    mrEnclave: parameters.measurement,
    mrSigner: parameters.mrSigner,
    isvProdId: 0,
    isvSvn: 0,
    reportData: parameters.reportData,
  })
}

function tdReport(parameters: BuildTestQuoteParameters): Uint8Array {
  if (parameters.measurement.length !== 48) throw new RangeError('TDX measurement must be 48 bytes')
  const zero = new Uint8Array(48)
  return encodeTdReport10({
    teeTcbSvn: parameters.teeTcbSvn,
    tdAttributes: TD_ATTRIBUTES,
    xfam: Uint8Array.from([0xe7, 0x02, 0x06, 0, 0, 0, 0, 0]),
    mrTd: parameters.measurement,
    rtMrs: parameters.runtimeMeasurements ?? [zero, zero, zero, zero],
    reportData: parameters.reportData,
  })
}

function certificationData(type: number, body: Uint8Array): Buffer {
  return Buffer.concat([u16(type), u32(body.length), body])
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(value)
  return b
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value)
  return b
}

/**
 * Test-only: a DCAP PKI of the test's own (design D2: "tests on anvil use quotes built with a
 * test PKI, valid now"; issue 5). For a caller-given `now` (seconds) it issues a root CA, a PCK
 * platform CA, a TCB signing certificate and a PCK certificate, then on demand SGX v3 or TDX v4
 * quotes with the caller's measurement and report data, and the collateral that goes with them
 * (TCB info at the TCB status the caller picks, QE identity, root and PCK CRLs), in the
 * `DcapCollateral` shape and as P7 evidence. Collateral is valid from an hour before `now` for
 * 30 days (`validFrom`, `validUntil`), so a verifier at another time sees it not yet valid or
 * expired. No network, no files; the keys are fresh per PKI and never leave the process.
 *
 * Never imported from non-test source.
 * @module
 */
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { type DcapCollateral, type DcapProvider, encodeDcapEvidence } from '../../dcapEvidence.js'
import { buildTestQuote } from './buildTestQuote.js'
import { issueTestCertificates, pemChain, type TestDcapCertificates } from './issueTestCertificates.js'
import { issueTestCrl } from './issueTestCrl.js'
import { generateP256KeyPair, type P256KeyPair } from './p256.js'
import type { SgxPckExtensionParameters } from './sgxPckExtension.js'
import { signCollateralJson, type TestTcbStatus, testQeIdentity, testTcbInfo } from './testTcbCollateral.js'

export type CreateTestDcapPkiParameters = {
  /** Seconds since the epoch: the time the PKI and its collateral are valid at. */
  now: number
  /** Names the PKI in its certificates' subjects; give a second PKI another label. */
  label?: string
}

export type IssueTestDcapQuoteParameters = {
  provider: DcapProvider
  /** SGX MRENCLAVE (32 bytes) or TDX MRTD (48 bytes). */
  measurement: Hex | Uint8Array
  /** TDX RTMR0..RTMR3 (48 bytes each); zero when absent. */
  runtimeMeasurements?: readonly [Hex, Hex, Hex, Hex]
  /** 64 bytes, usually protocol's `evidenceReportData(...)`. */
  reportData: Uint8Array
  /** The TCB info's status for this platform's level; `UpToDate` when absent. */
  tcbStatus?: TestTcbStatus
  /** Advisories of that level; none when absent. */
  advisoryIds?: readonly string[]
  /** Lists the PCK certificate's serial in the PCK CRL. */
  revokePck?: boolean
  /** Signs that CRL with the wrong CA: the PCK CRL by the root, or the root CRL by the PCK CA. */
  crlSignedByWrongCa?: 'pckCrl' | 'rootCrl'
}

export type TestDcapQuote = {
  provider: DcapProvider
  quote: Uint8Array
  collateral: DcapCollateral
  /** `quote` and `collateral` as P7 evidence (`encodeDcapEvidence`). */
  evidence: Uint8Array
}

export type TestDcapPki = {
  now: number
  /** DER of the root CA: what a deployment trusting this PKI configures. */
  rootCaDer: Uint8Array
  /** Hex serial of the PCK certificate (what `revokePck` lists). */
  pckSerial: string
  /** Seconds: collateral is valid in [validFrom, validUntil]. */
  validFrom: number
  validUntil: number
  issue(parameters: IssueTestDcapQuoteParameters): Promise<TestDcapQuote>
}

const HOUR = 3_600
const COLLATERAL_LIFETIME = 30 * 24 * HOUR

/** The test platform: its PCK certificate's SGX extension, and the TDX module's TCB. */
const platform: SgxPckExtensionParameters = {
  cpuSvn: [6, 6, 2, 2, 3, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  pceSvn: 13,
  ppid: new Uint8Array(16).fill(0x99),
  pceId: new Uint8Array(2),
  fmspc: Uint8Array.from([0x00, 0x90, 0x6e, 0xd5, 0x00, 0x00]),
}
const tdxTcbSvn = [5, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const MR_SIGNER = new Uint8Array(32).fill(0x5e)

export async function createTestDcapPki(parameters: CreateTestDcapPkiParameters): Promise<TestDcapPki> {
  const { now, label = 'Test' } = parameters
  if (!Number.isSafeInteger(now) || now <= HOUR)
    throw new RangeError('now must be whole seconds since the epoch')
  const certificates = await issueTestCertificates({ now, label, platform })
  const attestationKey = await generateP256KeyPair()
  const validFrom = now - HOUR
  const validUntil = validFrom + COLLATERAL_LIFETIME
  return {
    now,
    rootCaDer: certificates.root.der,
    pckSerial: certificates.pck.certificate.serialNumber,
    validFrom,
    validUntil,
    issue: (issue) => issueQuote(certificates, attestationKey, { validFrom, validUntil }, issue),
  }
}

async function issueQuote(
  certificates: TestDcapCertificates,
  attestationKey: P256KeyPair,
  { validFrom, validUntil }: { validFrom: number; validUntil: number },
  parameters: IssueTestDcapQuoteParameters,
): Promise<TestDcapQuote> {
  const { provider, reportData, tcbStatus = 'UpToDate', advisoryIds = [] } = parameters
  const { root, pckCa, tcbSigning, pck } = certificates
  const measurement =
    typeof parameters.measurement === 'string' ? hexToBytes(parameters.measurement) : parameters.measurement
  const runtime = parameters.runtimeMeasurements?.map((m) => hexToBytes(m))
  const quote = await buildTestQuote({
    provider,
    measurement,
    ...(runtime === undefined
      ? {}
      : { runtimeMeasurements: [runtime[0]!, runtime[1]!, runtime[2]!, runtime[3]!] }),
    reportData,
    cpuSvn: Uint8Array.from(platform.cpuSvn),
    pceSvn: platform.pceSvn,
    teeTcbSvn: Uint8Array.from(tdxTcbSvn),
    mrSigner: MR_SIGNER,
    attestationKey,
    pckKey: pck.keys,
    pckChainPem: pemChain(pck, pckCa, root),
  })

  const tcbInfo = testTcbInfo({
    provider,
    issueDate: validFrom,
    nextUpdate: validUntil,
    fmspc: platform.fmspc,
    pceId: platform.pceId,
    platform,
    tdxTcbSvn,
    status: tcbStatus,
    advisoryIds,
  })
  const qeIdentity = testQeIdentity({ provider, issueDate: validFrom, nextUpdate: validUntil })
  const wrong = parameters.crlSignedByWrongCa
  const rootCrl = await issueTestCrl({
    signer: wrong === 'rootCrl' ? pckCa : root,
    thisUpdate: validFrom,
    nextUpdate: validUntil,
  })
  const pckCrl = await issueTestCrl({
    signer: wrong === 'pckCrl' ? root : pckCa,
    thisUpdate: validFrom,
    nextUpdate: validUntil,
    revokedSerials: parameters.revokePck === true ? [pck.certificate.serialNumber] : [],
  })
  const collateral: DcapCollateral = {
    pck_crl_issuer_chain: pemChain(pckCa, root),
    root_ca_crl: bytesToHex(rootCrl).slice(2),
    pck_crl: bytesToHex(pckCrl).slice(2),
    tcb_info_issuer_chain: pemChain(tcbSigning, root),
    tcb_info: tcbInfo,
    tcb_info_signature: signCollateralJson(tcbSigning, tcbInfo),
    qe_identity_issuer_chain: pemChain(tcbSigning, root),
    qe_identity: qeIdentity,
    qe_identity_signature: signCollateralJson(tcbSigning, qeIdentity),
  }
  return { provider, quote, collateral, evidence: encodeDcapEvidence({ provider, quote, collateral }) }
}

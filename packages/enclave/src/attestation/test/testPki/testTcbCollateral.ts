/**
 * Test-only: the signed JSON collateral of a test DCAP PKI (design D2): TCB info v3 (id "SGX" or
 * "TDX") whose levels put the test platform at the TCB status the caller chooses, and a QE
 * identity (id "QE" or "TD_QE") that the test QE meets as UpToDate, so the platform's level
 * alone decides the verdict. Field names and layout follow Intel's PCS v4 answers as
 * `@phala/dcap-qvl` reads them (src/tcb_info.js, src/qe_identity.js, src/verify.js
 * `matchPlatformTcb`). Signatures are ECDSA-SHA256 `r ‖ s` hex over the exact JSON text.
 * @module
 */
import type { DcapProvider } from '../../dcapEvidence.js'
import type { DcapTcbStatus } from '../../dcapTcbPolicy.js'
import type { TestCertificate } from './issueTestCertificates.js'
import { signP1363 } from './p256.js'
import type { SgxPlatformTcb } from './sgxPckExtension.js'

/** A level's status in TCB info; `Revoked` is never accepted by a verifier. */
export type TestTcbStatus = DcapTcbStatus | 'Revoked'

/** The test QE: what its report carries and its QE identity expects. */
export const testQe = {
  mrSigner: Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + (i % 16)),
  isvProdId: { sgx: 1, tdx: 2 },
  isvSvn: 8,
  miscSelect: 0,
  /** INIT and MODE64BIT; the debug bit (bit 1) is clear, as dcap-qvl requires. */
  attributes: Uint8Array.from([0x11, ...new Array<number>(15).fill(0)]),
} as const

export type TestTcbInfoParameters = {
  provider: DcapProvider
  /** Seconds. */
  issueDate: number
  nextUpdate: number
  fmspc: Uint8Array
  pceId: Uint8Array
  platform: SgxPlatformTcb
  /** TDX: the TEE TCB SVN the TD report carries (16 components). */
  tdxTcbSvn: readonly number[]
  status: TestTcbStatus
  advisoryIds: readonly string[]
}

type Level = {
  tcb: { sgxtcbcomponents: { svn: number }[]; pcesvn: number; tdxtcbcomponents?: { svn: number }[] }
  tcbDate: string
  tcbStatus: TestTcbStatus
  advisoryIDs: string[]
}

/** The TCB info JSON text. Levels, newest first: the platform misses the first unless UpToDate. */
export function testTcbInfo(parameters: TestTcbInfoParameters): string {
  const { provider, platform, tdxTcbSvn, status, advisoryIds } = parameters
  const level = (cpuSvn: readonly number[], pceSvn: number, s: TestTcbStatus, ids: readonly string[]) => ({
    tcb: {
      sgxtcbcomponents: cpuSvn.map((svn) => ({ svn })),
      pcesvn: pceSvn,
      ...(provider === 'tdx' ? { tdxtcbcomponents: tdxTcbSvn.map((svn) => ({ svn })) } : {}),
    },
    tcbDate: isoDate(parameters.issueDate),
    tcbStatus: s,
    advisoryIDs: [...ids],
  })
  const newer = platform.cpuSvn.map((svn, i) => (i === 0 ? svn + 1 : svn))
  const levels: Level[] = [
    ...(status === 'UpToDate' ? [] : [level(newer, platform.pceSvn, 'UpToDate', [])]),
    level(platform.cpuSvn, platform.pceSvn, status, advisoryIds),
    level(platform.cpuSvn, platform.pceSvn - 1, 'OutOfDate', ['INTEL-SA-00000']),
  ]
  return JSON.stringify({
    id: provider === 'tdx' ? 'TDX' : 'SGX',
    version: 3,
    issueDate: isoDate(parameters.issueDate),
    nextUpdate: isoDate(parameters.nextUpdate),
    fmspc: hexUpper(parameters.fmspc),
    pceId: hexUpper(parameters.pceId),
    tcbType: 0,
    tcbEvaluationDataNumber: 17,
    ...(provider === 'tdx'
      ? {
          tdxModule: {
            mrsigner: '00'.repeat(48),
            attributes: '00'.repeat(8),
            attributesMask: 'FF'.repeat(8),
          },
        }
      : {}),
    tcbLevels: levels,
  })
}

export type TestQeIdentityParameters = { provider: DcapProvider; issueDate: number; nextUpdate: number }

/** The QE identity JSON text; the test QE (`testQe`) meets its first, UpToDate level. */
export function testQeIdentity({ provider, issueDate, nextUpdate }: TestQeIdentityParameters): string {
  return JSON.stringify({
    id: provider === 'tdx' ? 'TD_QE' : 'QE',
    version: 2,
    issueDate: isoDate(issueDate),
    nextUpdate: isoDate(nextUpdate),
    tcbEvaluationDataNumber: 17,
    miscselect: '00000000',
    miscselectMask: 'FFFFFFFF',
    attributes: hexUpper(testQe.attributes),
    attributesMask: 'FBFFFFFFFFFFFFFF0000000000000000',
    mrsigner: hexUpper(testQe.mrSigner),
    isvprodid: testQe.isvProdId[provider],
    tcbLevels: [
      { tcb: { isvsvn: testQe.isvSvn }, tcbDate: isoDate(issueDate), tcbStatus: 'UpToDate' },
      {
        tcb: { isvsvn: testQe.isvSvn - 2 },
        tcbDate: isoDate(issueDate),
        tcbStatus: 'OutOfDate',
        advisoryIDs: ['INTEL-SA-00000'],
      },
    ],
  })
}

/** `tcb_info_signature` / `qe_identity_signature`: hex `r ‖ s` over the JSON text's UTF-8. */
export function signCollateralJson(signer: TestCertificate, text: string): string {
  return Buffer.from(signP1363(signer.keys.privateKey, new TextEncoder().encode(text))).toString('hex')
}

function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function hexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase()
}

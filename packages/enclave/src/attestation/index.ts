/**
 * Attestation (D2, D2.1, D3.1, docs/protocol.md P7): SGX and TDX DCAP evidence, its P7
 * encoding, and its verification with `@phala/dcap-qvl` plus a deployment's policy; and
 * `verifyEvidence`, which sends any P7 evidence to the verifier of its kind under the
 * deployment's `AdmissionPolicy` (a kind with a null policy is refused).
 *
 * Owns: deciding whether DCAP evidence is acceptable at a given (proven) time under a policy,
 * including the checks the library skips (QE vendor, CRL signatures and dates), and which kinds
 * of evidence a deployment accepts at all. Does not own: producing quotes (the sgx-gramine and
 * tdx providers), the report data layout (@racetee/protocol `evidenceReportData`), where `now`
 * comes from (the ChainView's proven header), the rest of admission (D3.1:
 * process/admitNewcomer.ts). Invariants: never reads the host clock or the network; every
 * refusal is ENCLAVE_ATTESTATION_INVALID with a first-word reason; nothing here is secret.
 * `test/testPki/` is test-only and never imported from here or any other source.
 */
export type { AdmissionPolicy } from './admissionPolicy.js'
export { type CheckDcapCrlsParameters, checkDcapCrls } from './checkDcapCrls.js'
export {
  type DcapCollateral,
  type DcapEvidence,
  type DcapProvider,
  decodeDcapEvidence,
  encodeDcapEvidence,
} from './dcapEvidence.js'
export type { DcapEvidenceRejection } from './dcapRejection.js'
export { type DcapTcbPolicy, type DcapTcbStatus, dcapTcbStatusRanking } from './dcapTcbPolicy.js'
export {
  type DcapEvidenceVerdict,
  type DcapPolicy,
  type VerifyDcapEvidenceParameters,
  verifyDcapEvidence,
} from './verifyDcapEvidence.js'
export {
  type EvidenceKind,
  type EvidenceVerdict,
  type VerifyEvidenceParameters,
  verifyEvidence,
} from './verifyEvidence.js'

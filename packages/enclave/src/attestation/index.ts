/**
 * Hardware attestation (D2, D2.1, docs/protocol.md P7): SGX and TDX DCAP evidence, its P7
 * encoding, and its verification with `@phala/dcap-qvl` plus a deployment's policy.
 *
 * Owns: deciding whether DCAP evidence is acceptable at a given (proven) time under a policy,
 * including the checks the library skips (QE vendor, CRL signatures and dates). Does not own:
 * producing quotes (the sgx-gramine and tdx providers), the report data layout
 * (@racetee/protocol `evidenceReportData`), where `now` comes from (the ChainView's proven
 * header), admission (D3.1). Invariants: never reads the host clock or the network; every
 * refusal is ENCLAVE_ATTESTATION_INVALID with a first-word reason; nothing here is secret.
 */
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

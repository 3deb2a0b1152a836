/**
 * @racetee/enclave: the trusted application of RaceTEE (D2, D4, D5).
 *
 * Owns: the enclave identity (secp256k1 signing key, X25519 encryption key), epoch secrets and
 * every key derived from them, HPKE opening of requests, sealing at rest and of results, and
 * the batch executor that turns ordered requests into a signed commit.
 * Does not own: the chain connection, the storage network, process supervision (the executor,
 * the untrusted host, does those and talks to this package only through serialisable data).
 * Invariants: plaintext and secrets never leave this package's objects (only ciphertext,
 * hashes, public keys and signatures are returned); no randomness while executing (D4); a
 * fault aborts the batch and never becomes an outcome (D5).
 */

export type { AdmissionPolicy } from './attestation/admissionPolicy.js'
export {
  type DcapCollateral,
  type DcapEvidence,
  type DcapEvidenceRejection,
  type DcapEvidenceVerdict,
  type DcapPolicy,
  type DcapProvider,
  type DcapTcbStatus,
  decodeDcapEvidence,
  encodeDcapEvidence,
  type VerifyDcapEvidenceParameters,
  verifyDcapEvidence,
} from './attestation/index.js'
export {
  type EvidenceVerdict,
  type VerifyEvidenceParameters,
  verifyEvidence,
} from './attestation/verifyEvidence.js'
export type { ExecuteBatchParameters } from './batch/executeBatch.js'
export { executeBatch } from './batch/executeBatch.js'
export type {
  BatchInput,
  BatchOutput,
  BatchRequest,
  BlobSource,
  ChainFacts,
  CommitAnchor,
  ProgramRecord,
} from './batch/types.js'
export {
  type AccountProof,
  type HeaderVerifier,
  type ProofSource,
  type ProvenChainView,
  type ProvenMcConfig,
  provenChainView,
  TRUSTED_RPC_LABEL,
  type TrustedHeader,
  trustedRpcHeaderVerifier,
  verifyAccountProof,
} from './chain/index.js'
export { Enclave, type EnclaveParameters } from './Enclave.js'
export { EnclaveIdentity } from './keys/enclaveIdentity.js'
export { EpochKeyring } from './keys/epochKeys.js'
export { createPlatform, type Platform, readQuoteReport } from './platform/index.js'
export * from './process/index.js'
export {
  type AnswerReadParameters,
  answerRead,
  READ_GAS_CAP,
  type ReadCall,
  type ReadChainView,
  type ReadOutput,
} from './read/answerRead.js'
export { type OpenedReadQuery, type OpenReadQueryParameters, openReadQuery } from './read/openReadQuery.js'
export { ReadLane } from './read/ReadLane.js'
export type { ReadCallParams, ReadCallResult } from './read/readMessages.js'
export * from './sealing/index.js'

/**
 * @racetee/protocol: every wire format of RaceTEE (design D3, D4, D7), its EIP-712 types, the
 * generated contract ABIs, and the error base with stable codes.
 *
 * Owns: byte layouts, hashing rules, known-answer vectors. Does not own: keys, execution,
 * chain access or network. No Node-only imports: the SDK (browser) and the enclave both use it.
 */

export * from './abi/index.js'
export { accumulate } from './accumulator/accumulate.js'
export { accumulatorEntryHash } from './accumulator/accumulatorEntryHash.js'
export { accumulatorGenesis } from './accumulator/accumulatorGenesis.js'
export {
  type Checkpoint,
  type CheckpointLive,
  type CheckpointPosition,
  coveringCheckpoint,
} from './accumulator/checkpoint.js'
export { type RequestEntry, requestEntryAbi } from './accumulator/requestEntry.js'
export { type Availability, availabilitySigningHash } from './commit/availabilitySigningHash.js'
export { blobsRoot, canonicalBlobHashes } from './commit/blobsRoot.js'
export { assertCanonicalCommitBody, canonicalizeCommitBody } from './commit/canonicalizeCommitBody.js'
export type { Commit, CommitBody, ProgramCreated, ProgramRead, ProgramUpdate } from './commit/commitBody.js'
export { commitId } from './commit/commitId.js'
export { commitSigningHash } from './commit/commitSigningHash.js'
export { type CommitCalldata, parseCommitCalldata } from './commit/parseCommitCalldata.js'
export {
  type StoreAuthorization,
  storeAuthorizationSigningHash,
} from './commit/storeAuthorizationSigningHash.js'
export {
  type BlobKind,
  type BlobKindName,
  blobKinds,
  SLOTS_PER_PAGE,
  SLOTS_PER_PAGE_LOG2,
} from './constants/blobKinds.js'
export { type EvidenceProvider, evidenceProviders } from './constants/evidenceProviders.js'
export {
  type ProgramRuntime,
  programRuntimes,
  type RequestKind,
  type RequestKindName,
  requestKinds,
} from './constants/requestKinds.js'
export {
  type BundleEntryStatus,
  bundleEntryStatus,
  type ResultStatus,
  type ResultStatusName,
  resultStatus,
} from './constants/resultStatus.js'
export * from './eip712/types.js'
export { addressBytes } from './encoding/addressBytes.js'
export { compareHex, isStrictlyAscending } from './encoding/compareHex.js'
export { decodeAbiStrict } from './encoding/decodeAbiStrict.js'
export { bytes32, fixedBytes } from './encoding/fixedBytes.js'
export { labelBytes, type ProtocolLabel, protocolLabels } from './encoding/labelBytes.js'
export { assertUint, u8, u32, u64, u256, uintBytes } from './encoding/uintBytes.js'
export { PROTOCOL_VERSION, stripVersion, withVersion } from './encoding/version.js'
export { type AclBody, decodeAclBody, encodeAclBody } from './envelope/aclBody.js'
export {
  type DeployBody,
  decodeDeployBody,
  encodeDeployBody,
  type ProgramConfig,
  programConfigAbi,
} from './envelope/deployBody.js'
export { hpkeInfo, provisionInfo, readInfo, requestInfo } from './envelope/hpkeInfo.js'
export { HPKE_ENC_LENGTH, HPKE_TAG_LENGTH, hpkeSuite } from './envelope/hpkeSuite.js'
export { type OpenResultParameters, openResult } from './envelope/openResult.js'
export { provisionAad, requestAad } from './envelope/requestAad.js'
export {
  encodeRequestEnvelope,
  parseRequestEnvelope,
  type RequestEnvelope,
} from './envelope/requestEnvelope.js'
export { resultAad, resultKey, resultNonce, SIV_NONCE_LENGTH } from './envelope/resultKey.js'
export { type SealEnvelopeParameters, sealEnvelope } from './envelope/sealEnvelope.js'
export {
  REQUEST_BUCKET_MAX,
  RESULT_BASE_LENGTH,
  type SealRequestEnvelopeParameters,
  type SealRequestEnvelopeReturnType,
  sealRequestEnvelope,
} from './envelope/sealRequestEnvelope.js'
export { type ErrorCode, errorCodes } from './errors/errorCodes.js'
export { isRaceteeError, RaceteeError, type RaceteeErrorOptions } from './errors/RaceteeError.js'
export { type Admission, admissionSigningHash } from './identity/admissionSigningHash.js'
export { decodeEvidence, type Evidence, encodeEvidence, evidenceHash } from './identity/evidence.js'
export { evidenceReportData, REPORT_DATA_LENGTH } from './identity/evidenceReportData.js'
export {
  assertCanonicalRotation,
  type EpochGrant,
  type Rotation,
  rotationSigningHash,
  rotationStructHash,
} from './identity/rotationSigningHash.js'
export {
  decodeSimulatedQuote,
  encodeSimulatedQuote,
  type SimulatedQuote,
  simulatedQuoteSigningHash,
} from './identity/simulatedQuote.js'
export {
  bucketFor,
  DEFAULT_BUCKET_MIN,
  padToBucket,
  REQUEST_BUCKET_COUNT,
  resolveBucketMin,
} from './padding/padToBucket.js'
export { isBucketLength, unpad } from './padding/unpad.js'
export {
  decodeReadAnswerV1,
  encodeReadAnswerV1,
  type ReadAnswer,
  type ReadAnswerV1,
  readAnswerSigningHash,
} from './read/readAnswer.js'
export {
  type OpenReadAnswerParameters,
  openReadAnswer,
  READ_ANSWER_NONCE,
  readAnswerAad,
} from './read/readAnswerKey.js'
export {
  decodeReadQueryBody,
  encodeReadQueryBody,
  type ReadQuery,
  type ReadQueryBody,
  readQuerySigningHash,
} from './read/readQuery.js'
export { type SealReadQueryParameters, sealReadQuery } from './read/sealReadQuery.js'
export {
  type BundleEntry,
  decodeResultsBundle,
  encodeResultsBundle,
  resultsHash,
} from './result/resultsBundle.js'
export { decodeResultV1, encodeResultV1, type ResultLog, type ResultV1 } from './result/resultV1.js'
export { type CodeBlob, decodeCodeBlob, encodeCodeBlob } from './state/codeBlob.js'
export {
  deriveManagementKey,
  derivePrevrandao,
  deriveProgramKey,
  deriveRequestSecret,
  ratchetProgramKey,
} from './state/deriveKeys.js'
export { decodePage, encodePage, type PageSlot } from './state/page.js'
export { decodePageIndex, encodePageIndex, type PageIndexEntry } from './state/pageIndex.js'
export {
  decodeProgramHead,
  encodeProgramHead,
  PROGRAM_HEAD_LENGTH,
  type ProgramHead,
  programDigest,
} from './state/programHead.js'
export { decodeProgramInfo, encodeProgramInfo, type ProgramInfoV1 } from './state/programInfo.js'
export {
  encodeSealedBlob,
  parseSealedBlob,
  SEALED_BLOB_HEADER_LENGTH,
  type SealedBlob,
  SIV_TAG_LENGTH,
} from './state/sealedBlob.js'
export { sealAad, sealNonce } from './state/sealNonce.js'

/**
 * @racetee/protocol: every wire format of RaceTEE (design D3, D4, D7), its EIP-712 types, the
 * generated contract ABIs, and the error base with stable codes.
 *
 * Owns: byte layouts, hashing rules, known-answer vectors. Does not own: keys, execution,
 * chain access or network. No Node-only imports: the SDK (browser) and the enclave both use it.
 */

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
export { type ErrorCode, errorCodes } from './errors/errorCodes.js'
export { isRaceteeError, RaceteeError, type RaceteeErrorOptions } from './errors/RaceteeError.js'

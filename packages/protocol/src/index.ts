/**
 * @racetee/protocol: every wire format of RaceTEE (design D3, D4, D7), its EIP-712 types, the
 * generated contract ABIs, and the error base with stable codes.
 *
 * Owns: byte layouts, hashing rules, known-answer vectors. Does not own: keys, execution,
 * chain access or network. No Node-only imports: the SDK (browser) and the enclave both use it.
 */

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

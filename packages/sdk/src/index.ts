/**
 * @racetee/sdk: viem actions for users of RaceTEE (D8): deploy a confidential program, call
 * it, change its ACL and admin, and await and decrypt the result with its private events (D5),
 * with the request secret persisted before sending.
 *
 * Owns: the user's side of a request's life: reading the epoch's request key, sealing (via
 * protocol), persisting the result secret (`SecretStore`), sending to the MC (calls, deploys,
 * ACL changes), finding the covering commit, fetching the results bundle from storage nodes,
 * opening the result and decoding its logs with the caller's ABIs.
 * Does not own: wire formats and cryptography (@racetee/protocol), the storage client
 * (@racetee/storage), reads without a transaction (issue 8), the CLI.
 * Invariants: browser-safe (no Node-only import here; the file store is `@racetee/sdk/node`);
 * nothing is logged; no error carries a secret or plaintext (hashes, seq, status names only);
 * a request's secret is durable in the caller's store before its transaction can reach a node;
 * execution outcomes are data (`status`), faults are `RaceteeError` with SDK_* codes.
 */
export {
  type CallProgramArgs,
  type CallProgramErrorType,
  type CallProgramParameters,
  type CallProgramReturnType,
  callProgram,
} from './actions/callProgram.js'
export {
  type CallProgramAndWaitParameters,
  type CallProgramAndWaitReturnType,
  callProgramAndWait,
} from './actions/callProgramAndWait.js'
export {
  type DeployProgramErrorType,
  type DeployProgramParameters,
  type DeployProgramReturnType,
  deployProgram,
} from './actions/deployProgram.js'
export {
  type EncryptionContext,
  type GetEncryptionContextErrorType,
  type GetEncryptionContextParameters,
  type GetEncryptionContextReturnType,
  getEncryptionContext,
} from './actions/getEncryptionContext.js'
export {
  type ReadProgramErrorType,
  type ReadProgramParameters,
  type ReadProgramReturnType,
  readProgram,
} from './actions/readProgram.js'
export type { WalletClientWithAccount } from './actions/sendSealedRequest.js'
export {
  type SetProgramAclErrorType,
  type SetProgramAclParameters,
  type SetProgramAclReturnType,
  setProgramAcl,
} from './actions/setProgramAcl.js'
export {
  type EventAbis,
  type WaitForResultErrorType,
  type WaitForResultParameters,
  type WaitForResultReturnType,
  waitForResult,
} from './actions/waitForResult.js'
export {
  type AskExecutorParameters,
  type AskExecutorReturnType,
  askExecutor,
} from './read/askExecutor.js'
export { type LastCommittedSeqParameters, lastCommittedSeq } from './read/lastCommittedSeq.js'
export { type ReadExecutor, type ReadExecutorsParameters, readExecutors } from './read/readExecutors.js'
export { type SampleReadLatencyParameters, sampleReadLatency } from './read/sampleReadLatency.js'
export { type AssertSuccessErrorType, assertSuccess } from './result/assertSuccess.js'
export {
  type DecodeResultLogsParameters,
  type DecodeResultLogsReturnType,
  decodeResultLogs,
  type IndexedResultLog,
  type ResultEvent,
} from './result/decodeResultLogs.js'
export { type FetchResultsBundleParameters, fetchResultsBundle } from './result/fetchResultsBundle.js'
export {
  type OpenBundleResultParameters,
  type OpenedResult,
  openBundleResult,
  type RequestStatus,
} from './result/openBundleResult.js'
export { memorySecretStore } from './secretStore/memorySecretStore.js'
export {
  envelopeSecretKey,
  type SecretRecord,
  type SecretStore,
  txSecretKey,
} from './secretStore/SecretStore.js'
export { decodeSecretRecord, encodeSecretRecord } from './secretStore/secretRecordJson.js'
export {
  type DeploymentStatus,
  type ExecutorStatus,
  type ReadDeploymentStatusParameters,
  readDeploymentStatus,
} from './status/readDeploymentStatus.js'

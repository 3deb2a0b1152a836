/**
 * @racetee/executor: the untrusted host of an executor node (D2, D7).
 *
 * Owns: reading the management contract (requests, checkpoints, digests), the chain follower,
 * the round loop and its persisted progress, submitting commits, the storage network client,
 * health and metrics, the enclave's child process (providers) and the enclave ceremonies
 * (genesis, admission). The process entry is `main.ts` (run, not imported). Does not own: anything that sees plaintext: it never imports the engine and
 * handles only ciphertext, hashes and signatures (the enclave's outputs).
 * Invariant: the host may be wrong or malicious; every fact it passes is re-checked by the
 * enclave (D2.1) or by the MC (D3.3).
 */

export * from './ceremony/index.js'
export { collectBatchRequests } from './chain/collectBatchRequests.js'
export { type McReader, mcChainFacts } from './chain/mcChainFacts.js'
export { rpcProofSource } from './chain/rpcProofSource.js'
export { commitArgs, type StorageConfirmation, submitCommit } from './chain/submitCommit.js'
export * from './enclave/index.js'
export { simulatedMeasurement } from './enclave/simulatedMeasurement.js'
export { EpochKeeper, type EpochKeeperParameters } from './epochs/EpochKeeper.js'
export { type FollowHeadsParameters, followHeads } from './follow/followHeads.js'
export {
  type HealthServer,
  type HealthSnapshot,
  type Metrics,
  startHealthServer,
} from './health/healthServer.js'
export {
  type ExecutorMembershipParameters,
  executorMembership,
  type NodeMembership,
} from './membership/index.js'
export { ExecutorNode, type ExecutorNodeParameters } from './node/ExecutorNode.js'
export {
  type HttpRoute,
  MAX_READ_BODY_BYTES,
  READ_PATH,
  type ReadEndpointParameters,
  readEndpoint,
} from './read/readEndpoint.js'
export { SignerRateLimiter, type SignerRateLimiterParameters } from './read/SignerRateLimiter.js'
export {
  type BatchExecutor,
  type RoundContext,
  type RoundReport,
  runRound,
  settlePending,
} from './round/runRound.js'
export { type PendingCommit, type Progress, ProgressStore } from './state/progressStore.js'
export {
  type StorageNetwork,
  type StorageNode,
  type StoreBatchParameters,
  storageNetwork,
} from './storage/storageNetwork.js'

/**
 * @racetee/dashboard: the devnet's dashboard page (D8, issue 9), served by `startDashboard`.
 *
 * Owns: a node:http server, the page (static HTML, CSS and a browser script in `src/page/`),
 * and the `DashboardFeed` that builds its snapshot from public data only: blocks, the MC's
 * events and calldata, and the executors' and storage nodes' health endpoints. Does not own:
 * anything that needs a key; it never decrypts, and shows ciphertext sizes, never bytes.
 */
export { attributeCounterLosses, type CounterLossParameters } from './feed/attributeCounterLosses.js'
export { DashboardFeed, type DashboardFeedParameters } from './feed/DashboardFeed.js'
export { type DecodedCommitCall, decodeCommitCall } from './feed/decodeCommitCall.js'
export {
  type CommittedFact,
  type DecodedMcLogs,
  decodeMcLogs,
  type RolledBackFact,
} from './feed/decodeMcLogs.js'
export { type ChainScan, FeedState, type FeedStateParameters } from './feed/FeedState.js'
export { type ExecutorCounters, parseExecutorMetrics } from './feed/parseExecutorMetrics.js'
export { scanBlocks } from './feed/scanBlocks.js'
export type {
  BlockView,
  CommitView,
  DashboardSnapshot,
  ExecutorView,
  LossEvidence,
  RaceLoser,
  RequestView,
  StorageView,
} from './feed/snapshotTypes.js'
export {
  type StartDashboardParameters,
  type StartDashboardReturnType,
  startDashboard,
} from './startDashboard.js'

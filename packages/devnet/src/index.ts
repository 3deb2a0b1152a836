/**
 * @racetee/devnet: a whole local RaceTEE as real processes (D8), and the demo workloads of D9
 * that run on it. Used by the `racetee devnet` command, the benchmark, the fault harness and
 * the end-to-end tests.
 */
export { commitBlock } from './commitBlock.js'
export { compareWithReference, type Reference, type ReferenceCall, runReference } from './publicReference.js'
export { type ServiceProcess, type SpawnServiceParameters, spawnService } from './spawnService.js'
export {
  type Devnet,
  type DevnetExecutor,
  type DevnetStorageNode,
  executorEntry,
  MAX_DEVNET_EXECUTORS,
  type StartDevnetParameters,
  startDevnet,
  storageEntry,
} from './startDevnet.js'
export {
  type DemoOutcome,
  type DemoStep,
  randomAmount,
  referenceCall,
  runTokenDemo,
  type TokenDemoReturnType,
} from './tokenDemo.js'
export { tsxLoader } from './tsxLoader.js'
export { allWorkloads } from './workloads/allWorkloads.js'
export { addMultiplyWorkload, calWorkload, quickSelectWorkload } from './workloads/computeWorkloads.js'
export { kmeansSourceFile, runKmeansWorkload } from './workloads/kmeansWorkload.js'
export { auctionWorkload, dexWorkload, factoryWorkload } from './workloads/marketWorkloads.js'
export {
  runWorkload,
  type Side,
  type SideContext,
  type Workload,
  type WorkloadDeployment,
  type WorkloadOutcome,
  type WorkloadStep,
} from './workloads/runWorkload.js'
export { type WorkloadSides, workloadSides } from './workloads/workloadSides.js'

/**
 * Every scenario `npm run test:faults` runs, in order (issue 6 "Done when").
 */
import type { Scenario } from '../support/runScenario.js'
import { baseline } from './baseline.js'
import { corruptStorageNode } from './corruptStorageNode.js'
import { dishonestHost, staleStateHost } from './dishonestHost.js'
import { divergentEnclave } from './divergentEnclave.js'
import { executorKilledMidRound } from './executorKilledMidRound.js'
import { leaderKilled } from './leaderKilled.js'
import { reorg } from './reorg.js'
import { rpcFailing, rpcFailingRace } from './rpcFailing.js'
import { storageNodeKilled } from './storageNodeKilled.js'
import { twoStorageNodesKilled } from './twoStorageNodesKilled.js'

export const scenarios: readonly Scenario[] = [
  baseline,
  storageNodeKilled,
  twoStorageNodesKilled,
  corruptStorageNode,
  rpcFailing,
  rpcFailingRace,
  executorKilledMidRound,
  leaderKilled,
  dishonestHost,
  staleStateHost,
  divergentEnclave,
  reorg,
]

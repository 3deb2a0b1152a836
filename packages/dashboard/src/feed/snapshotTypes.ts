/**
 * The dashboard's JSON snapshot (D8 "a dashboard shows blocks, requests, commits, race winners
 * and latency"): everything the page draws, and nothing the chain and the storage nodes do not
 * already show anyone. Requests carry the size of their ciphertext, never its bytes; commits
 * carry ids, hashes and addresses; services carry their public health answers.
 *
 * Block numbers, seqs and times are JSON numbers: a devnet stays far below 2^53
 * (`safeNumber` refuses anything beyond). Wei amounts and gas limits are decimal strings.
 */
import type { RequestKindName } from '@racetee/protocol'
import type { Address, Hex } from 'viem'

export type BlockView = {
  number: number
  /** Unix seconds. */
  time: number
  txCount: number
  /** Transactions sent to the management contract (requests, commits, admissions...). */
  mcTxCount: number
}

export type RequestView = {
  seq: number
  kind: RequestKindName | 'unknown'
  /** `null` for a rotation (D4), which names no program. */
  program: Address | null
  block: number
  time: number
  transactionHash: Hex
  /** Length of the sealed payload as the `Request` event carries it; `null` for a rotation. */
  ciphertextBytes: number | null
  /** Set once a `Committed` event covers the seq. */
  commitId?: Hex
  commitBlock?: number
  latencyBlocks?: number
  latencySeconds?: number
}

/** How the dashboard knows an executor lost a race (D3.3 "later ones revert with `StaleCommit`"). */
export type LossEvidence =
  /** Its commit transaction for the same `prevCommit` was mined and reverted. */
  | 'reverted-commit'
  /** Its health endpoint lists this commit as the winner of a race it lost (`racesLost`). */
  | 'health-report'
  /** Its health endpoint's `races_lost_total` counter rose right after this commit landed. */
  | 'health-counter'

export type RaceLoser = {
  enclave: Address | null
  /** The operator account that sent the reverted commit, when it is known. */
  account: Address | null
  /** Index into `executors`, when the loser is a configured executor. */
  executor: number | null
  evidence: LossEvidence
  transactionHash?: Hex
}

export type CommitView = {
  commitId: Hex
  block: number
  time: number
  transactionHash: Hex
  prevCommit: Hex | null
  fromBlock: number
  toBlock: number
  fromSeq: number
  toSeq: number
  epoch: number
  resultsHash: Hex
  blobsRoot: Hex
  /** The enclave that signed the winning commit and the beneficiary it signed (D3.3). */
  winner: { enclave: Address | null; beneficiary: Address | null; sender: Address; executor: number | null }
  /** Empty: nobody is known to have raced it ("uncontested"). */
  losers: RaceLoser[]
  /** The storage nodes whose `Availability` signatures the MC accepted with it (D3.3 check 5, D6). */
  confirmations: { signer: Address; node: number | null }[]
  rolledBack: boolean
}

export type ExecutorView = {
  index: number
  enclave: Address
  account: Address
  healthUrl: string
  /** `unreachable` when its health endpoint did not answer. */
  status: string
  simulation: boolean | null
  headBlock: number | null
  lastCommittedSeq: number | null
  lastError: string | null
  /** From its `/metrics`: rounds that executed a batch, commits landed, races lost, failures. */
  rounds: number | null
  commits: number | null
  racesLost: number | null
  roundFailures: number | null
  /** Commits the chain says this enclave won (counted by the dashboard since it started). */
  wins: number
}

export type StorageView = {
  index: number
  url: string
  signer: Address
  status: string
  blobs: number | null
  bytes: number | null
  /** Commits whose accepted `Availability` signatures include this node's. */
  confirmations: number
}

export type DashboardSnapshot = {
  simulation: boolean
  chainId: number | null
  mc: Address
  /** k of D6, from the MC's configuration. */
  storageThreshold: number | null
  head: number | null
  updatedAt: number
  /** Newest first. */
  blocks: BlockView[]
  /** Newest first. */
  requests: RequestView[]
  /** Newest first. */
  commits: CommitView[]
  executors: ExecutorView[]
  storage: StorageView[]
  /** Requests seen and not covered by a commit yet. */
  pendingRequests: number
  /** The last fault while reading the chain (an RPC error's code or name), cleared on success. */
  lastError: string | null
}

/** A bigint as a JSON number; RangeError when it would lose precision. */
export function safeNumber(value: bigint, name: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} ${value} is beyond 2^53`)
  return n
}

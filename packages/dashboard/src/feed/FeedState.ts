/**
 * What the dashboard knows, folded from chain scans and health polls (D8, D3.3, D6, D7). Pure
 * bookkeeping, no I/O, so every rule is unit-tested: a commit's winner is the enclave that
 * signed the accepted `commit` call; its losers are executors whose commit for the same
 * `prevCommit` was mined and reverted, whose `/health` names it as the winner of a race they
 * lost, or (older executors) whose `races_lost_total` rose right after it landed
 * (`attributeCounterLosses`); no loser means "uncontested". Latency is a request's block to the
 * block of the commit covering its seq, in blocks and in seconds of block time.
 * Memory is bounded: the newest blocks, requests and commits only.
 */
import type { Address, Hex } from 'viem'
import { addRaceLoser, sameAddress as same } from './addRaceLoser.js'
import { attributeCounterLosses } from './attributeCounterLosses.js'
import type { DecodedCommitCall } from './decodeCommitCall.js'
import type { DecodedMcLogs } from './decodeMcLogs.js'
import type { ExecutorCounters } from './parseExecutorMetrics.js'
import type {
  BlockView,
  CommitView,
  DashboardSnapshot,
  ExecutorView,
  RaceLoser,
  RequestView,
  StorageView,
} from './snapshotTypes.js'

export type ChainScan = {
  /** Ascending, contiguous. */
  blocks: BlockView[]
  logs: DecodedMcLogs
  /** Mined `commit` calls to the MC in these blocks, accepted or reverted. */
  commitCalls: {
    transactionHash: Hex
    block: number
    sender: Address
    reverted: boolean
    call: DecodedCommitCall
  }[]
}

export type FeedStateParameters = {
  mc: Address
  simulation: boolean
  storage: readonly { url: string; signer: Address }[]
  executors: readonly { healthUrl: string; enclave: Address; account: Address }[]
}

const KEEP = { blocks: 20, times: 2_000, requests: 500, commits: 200, unmatched: 100 } as const
const SHOW = { requests: 150, commits: 60 } as const
/** Counted losses not placed within this many blocks are dropped (their commit was never seen). */
const LOSS_HORIZON_BLOCKS = 8

export class FeedState {
  readonly #p: FeedStateParameters
  #chainId: number | null = null
  #threshold: number | null = null
  #head: number | null = null
  #lastError: string | null = null
  #blocks: BlockView[] = []
  readonly #times = new Map<number, number>()
  readonly #requests = new Map<number, RequestView>()
  /** Chain order, oldest first. */
  #commits: CommitView[] = []
  /** Reverted commit calls whose winner the feed has not seen yet, by `prevCommit`. */
  readonly #unmatched = new Map<string, RaceLoser[]>()
  readonly #executors: ExecutorView[]
  readonly #storage: StorageView[]
  /** Per executor: the last counter value, losses not placed yet, and the feed's head at its last poll. */
  readonly #counted: {
    racesLost: number | null
    pending: number
    sinceBlock: number
    polledAt: number | null
  }[]
  readonly #placed = new Set<string>()

  constructor(parameters: FeedStateParameters) {
    this.#p = parameters
    this.#executors = parameters.executors.map((e, index) => ({
      index,
      ...e,
      status: 'unknown',
      simulation: null,
      headBlock: null,
      lastCommittedSeq: null,
      lastError: null,
      rounds: null,
      commits: null,
      racesLost: null,
      roundFailures: null,
      wins: 0,
    }))
    this.#storage = parameters.storage.map((s, index) => ({
      index,
      ...s,
      status: 'unknown',
      blobs: null,
      bytes: null,
      confirmations: 0,
    }))
    this.#counted = parameters.executors.map(() => ({
      racesLost: null,
      pending: 0,
      sinceBlock: 0,
      polledAt: null,
    }))
  }

  setChain(chain: { chainId: number; storageThreshold: number }): void {
    this.#chainId = chain.chainId
    this.#threshold = chain.storageThreshold
  }

  setError(code: string | null): void {
    this.#lastError = code
  }

  get head(): number | null {
    return this.#head
  }

  applyScan(scan: ChainScan): void {
    for (const block of scan.blocks) {
      this.#times.set(block.number, block.time)
      this.#head = block.number
    }
    this.#blocks = [...this.#blocks, ...scan.blocks].slice(-KEEP.blocks)
    prune(this.#times, KEEP.times)
    for (const request of scan.logs.requests)
      this.#requests.set(request.seq, { ...request, time: this.#times.get(request.block) ?? 0 })
    prune(this.#requests, KEEP.requests)

    const calls = new Map(scan.commitCalls.filter((c) => !c.reverted).map((c) => [c.transactionHash, c]))
    for (const fact of scan.logs.committed) {
      const call = calls.get(fact.transactionHash)
      const view: CommitView = {
        ...fact,
        time: this.#times.get(fact.block) ?? 0,
        prevCommit: call?.call.body.prevCommit ?? null,
        fromBlock: Number(call?.call.body.fromBlock ?? 0n),
        toBlock: Number(call?.call.body.toBlock ?? 0n),
        epoch: Number(call?.call.body.epoch ?? 0n),
        winner: {
          enclave: call?.call.signer ?? null,
          beneficiary: call?.call.beneficiary ?? null,
          sender: call?.sender ?? ('0x' as Address),
          executor: this.#executorOf(call?.call.signer, undefined),
        },
        losers: [],
        confirmations: (call?.call.storageSigners ?? []).map((signer) => {
          const node = this.#storage.find((s) => same(s.signer, signer))
          if (node) node.confirmations++
          return { signer, node: node?.index ?? null }
        }),
        rolledBack: false,
      }
      if (view.winner.executor !== null) this.#executors[view.winner.executor]!.wins++
      this.#commits.push(view)
      this.#markCommitted(view)
      const waiting = view.prevCommit ? this.#unmatched.get(view.prevCommit.toLowerCase()) : undefined
      for (const loser of waiting ?? []) addRaceLoser(view, loser)
      if (view.prevCommit) this.#unmatched.delete(view.prevCommit.toLowerCase())
    }
    this.#commits = this.#commits.slice(-KEEP.commits)

    for (const attempt of scan.commitCalls.filter((c) => c.reverted)) {
      const loser: RaceLoser = {
        enclave: attempt.call.signer,
        account: attempt.sender,
        executor: this.#executorOf(attempt.call.signer, attempt.sender),
        evidence: 'reverted-commit',
        transactionHash: attempt.transactionHash,
      }
      const prev = attempt.call.body.prevCommit
      const winner = this.#commits.find((c) => same(c.prevCommit, prev))
      if (winner) addRaceLoser(winner, loser)
      else {
        const list = this.#unmatched.get(prev.toLowerCase()) ?? []
        this.#unmatched.set(prev.toLowerCase(), [...list, loser])
        prune(this.#unmatched, KEEP.unmatched)
      }
    }
    for (const { rolledBack } of scan.logs.rolledBack)
      for (const commit of this.#commits) if (same(commit.commitId, rolledBack)) commit.rolledBack = true
  }

  /** An executor's `/health` JSON and `/metrics` counters; `undefined` when it did not answer. */
  applyExecutorHealth(
    index: number,
    health: Record<string, unknown> | undefined,
    counters: ExecutorCounters | undefined,
  ): void {
    const view = this.#executors[index]
    if (!view) throw new RangeError(`no executor ${index}`)
    view.status = health ? String(health.status ?? 'unknown') : 'unreachable'
    view.simulation = typeof health?.simulation === 'boolean' ? health.simulation : null
    view.headBlock = numberOrNull(health?.headBlock)
    view.lastCommittedSeq = numberOrNull(health?.lastCommittedSeq)
    view.lastError = typeof health?.lastError === 'string' ? health.lastError : null
    // An executor that names the races it lost (`racesLost` in /health) is placed exactly, and
    // its counter is not used to guess; the list is re-read each poll, so a loss whose winning
    // commit the chain scan has not reached yet is placed at the next one.
    const reported = lostRaceWinners(health)
    if (reported)
      for (const winner of reported) {
        const commit = this.#commits.find((c) => same(c.commitId, winner))
        if (commit)
          addRaceLoser(commit, {
            enclave: view.enclave,
            account: view.account,
            executor: index,
            evidence: 'health-report',
          })
      }
    if (!counters) return
    Object.assign(view, counters)
    const counted = this.#counted[index]!
    const head = this.#head ?? 0
    if (reported) {
      counted.pending = 0
      counted.racesLost = counters.racesLost
    } else if (counters.racesLost !== null) {
      // The first answer is a baseline (losses before the dashboard started are not placed); a
      // counter that went down is a restarted executor: a new baseline.
      if (counted.racesLost !== null && counters.racesLost > counted.racesLost) {
        // Lost since the previous poll: the winner landed after about its head (a block of slack).
        if (counted.pending === 0) counted.sinceBlock = (counted.polledAt ?? head) - 1
        counted.pending += counters.racesLost - counted.racesLost
      }
      counted.racesLost = counters.racesLost
    }
    counted.polledAt = head
    if (counted.pending > 0) {
      counted.pending = attributeCounterLosses({
        commits: this.#commits,
        executor: view,
        lost: counted.pending,
        sinceBlock: counted.sinceBlock,
        placed: this.#placed,
      })
      if (head - counted.sinceBlock > LOSS_HORIZON_BLOCKS) counted.pending = 0
    }
    prune(this.#placed, KEEP.commits * Math.max(1, this.#executors.length))
  }

  applyStorageHealth(index: number, health: Record<string, unknown> | undefined): void {
    const view = this.#storage[index]
    if (!view) throw new RangeError(`no storage node ${index}`)
    view.status = health ? String(health.status ?? 'unknown') : 'unreachable'
    view.blobs = numberOrNull(health?.blobs)
    view.bytes = numberOrNull(health?.bytes)
  }

  snapshot(now = Date.now()): DashboardSnapshot {
    const requests = [...this.#requests.values()].sort((a, b) => b.seq - a.seq)
    return structuredClone({
      simulation: this.#p.simulation,
      chainId: this.#chainId,
      mc: this.#p.mc,
      storageThreshold: this.#threshold,
      head: this.#head,
      updatedAt: now,
      blocks: [...this.#blocks].reverse(),
      requests: requests.slice(0, SHOW.requests),
      commits: [...this.#commits].reverse().slice(0, SHOW.commits),
      executors: this.#executors,
      storage: this.#storage,
      pendingRequests: requests.filter((r) => r.commitId === undefined).length,
      lastError: this.#lastError,
    })
  }

  #markCommitted(commit: CommitView): void {
    for (let seq = commit.fromSeq; seq <= commit.toSeq; seq++) {
      const request = this.#requests.get(seq)
      if (!request) continue
      request.commitId = commit.commitId
      request.commitBlock = commit.block
      request.latencyBlocks = commit.block - request.block
      request.latencySeconds = commit.time - request.time
    }
  }

  #executorOf(enclave: Address | null | undefined, account: Address | undefined): number | null {
    const byEnclave = this.#executors.findIndex((e) => same(e.enclave, enclave))
    if (byEnclave >= 0) return byEnclave
    const byAccount = this.#executors.findIndex((e) => same(e.account, account))
    return byAccount >= 0 ? byAccount : null
  }
}

function numberOrNull(value: unknown): number | null {
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN
  return Number.isFinite(n) ? n : null
}

/** Drops the oldest entries (insertion order) beyond `max`. */
function prune<K>(collection: Map<K, unknown> | Set<K>, max: number): void {
  for (const key of collection.keys()) {
    if (collection.size <= max) return
    collection.delete(key)
  }
}

/** The winning commit ids an executor's `/health` lists under `racesLost`; null when it lists none. */
function lostRaceWinners(health: Record<string, unknown> | undefined): string[] | null {
  const list = health?.racesLost
  if (!Array.isArray(list)) return null
  return list
    .map((r) => (r && typeof r === 'object' ? (r as { winner?: unknown }).winner : undefined))
    .filter((w): w is string => typeof w === 'string' && /^0x[0-9a-fA-F]{64}$/.test(w))
}

/**
 * The executor daemon (D7): one enclave (its own process), a chain follower, a serialised round
 * loop, the storage network, persisted progress, a health and metrics endpoint, and graceful
 * shutdown. Rounds never overlap: a head that arrives during a round schedules one more round
 * after it. A round that faults (RPC error, a storage node down, an enclave refusal) is logged
 * with its code and retried with back-off; nothing is skipped, because the next round starts
 * again from the chain's last commit.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { EpochKeeper } from '../epochs/EpochKeeper.js'
import { followHeads } from '../follow/followHeads.js'
import { type HealthServer, type Metrics, startHealthServer } from '../health/healthServer.js'
import type { NodeMembership } from '../membership/NodeMembership.js'
import type { RaceVerdict } from '../race/adoptWinner.js'
import type { HttpRoute } from '../read/readEndpoint.js'
import { type BatchExecutor, type RoundReport, runRound, settlePending } from '../round/runRound.js'
import { ProgressStore } from '../state/progressStore.js'
import type { RepairStatus } from '../storage/repairer.js'
import type { StorageNetwork } from '../storage/storageNetwork.js'
import type { StoreProgress } from '../storage/storeToThreshold.js'

export type ExecutorNodeParameters = {
  client: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  wsUrl?: string
  mc: Address
  chainId: number
  dataDir: string
  enclave: BatchExecutor & { close(): Promise<unknown> }
  /** The enclave's signing address (public). */
  enclaveAddress: Address
  /** True under the simulation provider: shown in health and logs. */
  simulation: boolean
  storage: StorageNetwork
  logger: Logger
  confirmationDepth?: bigint
  beneficiary?: Address
  /** Health/metrics port; 0 picks a free one. Omit for none. */
  healthPort?: number
  healthHost?: string
  /** More routes on the health port (the read endpoint, D7: its URL is the registered endpoint). */
  httpRoutes?: readonly HttpRoute[]
  pollMs?: number
  /** D3.1: joins before the first round, admits newcomers between rounds (membership/). */
  membership?: NodeMembership
  /** D4: takes new epochs' grants before rounds, rotates between rounds, re-seals at grace end. */
  epochs?: EpochKeeper
}

const MAX_BACKOFF_MS = 10_000
/** Races lost that `/health` lists (newest last): enough for a dashboard polling every second. */
const RACES_LOST_LISTED = 32

/** A race this executor lost, as `/health` lists it: public commit ids and seqs only. */
export type LostRace = { winner: Hex; toSeq: bigint; verdict: RaceVerdict['kind'] }

export class ExecutorNode {
  readonly #p: ExecutorNodeParameters
  readonly #progress: ProgressStore
  readonly #metrics: Metrics = {
    rounds: 0,
    commits: 0,
    racesLost: 0,
    roundFailures: 0,
    requestsCommitted: 0n,
    lastRoundMs: 0,
    headBlock: 0n,
    lastCommittedSeq: 0n,
    repairBatches: 0,
    repairBytes: 0,
  }
  readonly #lostRaces: LostRace[] = []
  #status: 'starting' | 'ok' | 'degraded' = 'starting'
  #lastError: string | null = null
  #running: Promise<void> | null = null
  #again = false
  #stopped = false
  #backoffMs = 0
  #retry: NodeJS.Timeout | undefined
  #threshold: number | undefined
  #follower: { stop(): Promise<void> } | undefined
  /** Aborted by `stop()`: a round waiting for storage confirmations gives up (D6). */
  readonly #stopping = new AbortController()
  #health: HealthServer | undefined
  readonly #listeners = new Set<(report: RoundReport) => void>()

  private constructor(parameters: ExecutorNodeParameters) {
    this.#p = parameters
    this.#progress = ProgressStore.open(parameters.dataDir, {
      chainId: parameters.chainId,
      mc: parameters.mc,
    })
  }

  static async start(parameters: ExecutorNodeParameters): Promise<ExecutorNode> {
    const node = new ExecutorNode(parameters)
    await node.#start()
    return node
  }

  get healthUrl(): string | undefined {
    return this.#health?.url
  }

  /** Called after every round that did something (tests, the demo's progress output). */
  onRound(listener: (report: RoundReport) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async #start(): Promise<void> {
    const { logger, simulation, enclaveAddress, mc } = this.#p
    logger.info(
      { enclave: enclaveAddress, mc, simulation, lastToSeq: this.#progress.get().lastToSeq },
      simulation ? 'executor starting (SIMULATION: no hardware protection)' : 'executor starting',
    )
    await settlePending({ ...this.#p, progress: this.#progress })
    if (this.#p.healthPort !== undefined)
      this.#health = await startHealthServer({
        port: this.#p.healthPort,
        ...(this.#p.healthHost ? { host: this.#p.healthHost } : {}),
        ...(this.#p.httpRoutes ? { routes: this.#p.httpRoutes } : {}),
        health: () => ({
          status: this.#status,
          simulation,
          enclave: enclaveAddress,
          mc,
          chainId: this.#p.chainId,
          lastCommittedSeq: this.#metrics.lastCommittedSeq,
          headBlock: this.#metrics.headBlock,
          lastError: this.#lastError,
          // D6: which storage nodes still miss which batches (public: hashes and addresses).
          storageRepair: this.#repairing(),
          // D3.3: the races it lost, by winning commit, so a dashboard places each loss exactly.
          racesLost: this.#lostRaces,
        }),
        metrics: () => {
          const repairing = this.#repairing()
          this.#metrics.repairBatches = repairing.length
          this.#metrics.repairBytes = repairing.reduce((sum, r) => sum + r.bytes, 0)
          return this.#metrics
        },
      })
    await this.#join()
    this.#follower = followHeads({
      client: this.#p.client,
      ...(this.#p.wsUrl ? { wsUrl: this.#p.wsUrl } : {}),
      logger,
      ...(this.#p.pollMs ? { pollMs: this.#p.pollMs } : {}),
      onHead: (n) => {
        if (n > this.#metrics.headBlock) this.#metrics.headBlock = n
        this.#schedule()
      },
    })
  }

  /** Membership: no round runs before the enclave is admitted and provisioned (D3.1). */
  async #join(): Promise<void> {
    try {
      await this.#p.membership?.join({ healthUrl: this.#health?.url })
    } catch (err) {
      await this.#health?.close()
      throw err
    }
  }

  #schedule(): void {
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    if (this.#retry) return // a back-off is pending; it runs the round
    this.#running = this.#loop().finally(() => {
      this.#running = null
    })
  }

  async #loop(): Promise<void> {
    do {
      await this.#rounds()
      if (this.#retry || this.#stopped) return
      // Membership work waits for a quiet moment and yields as soon as a head asks for a round.
      await this.#p.membership?.betweenRounds(() => this.#again || this.#stopped).catch(() => {})
      await this.#p.epochs
        ?.betweenRounds()
        .catch((err: unknown) =>
          this.#p.logger.warn(
            { code: err instanceof RaceteeError ? err.code : 'UNEXPECTED' },
            'epoch rotation attempt failed',
          ),
        )
    } while (this.#again && !this.#stopped)
  }

  async #rounds(): Promise<void> {
    do {
      this.#again = false
      try {
        await this.#p.epochs?.beforeRound()
        const epochs = this.#p.epochs
        const report = await runRound({
          ...this.#p,
          ...(epochs
            ? {
                resealPrograms: (last: bigint, to: bigint, facts: bigint) =>
                  epochs.resealPrograms(last, to, facts),
              }
            : {}),
          progress: this.#progress,
          confirmationDepth: this.#p.confirmationDepth ?? 0n,
          beneficiary: this.#p.beneficiary ?? this.#p.wallet.account.address,
          storageThreshold: await this.#storageThreshold(),
          signal: this.#stopping.signal,
          onStorageProgress: (p) => this.#storageProgress(p),
        })
        this.#record(report)
        this.#status = 'ok'
        this.#lastError = null
        this.#backoffMs = 0
      } catch (err) {
        this.#fail(err)
        return
      }
    } while (this.#again && !this.#stopped)
  }

  #fail(err: unknown): void {
    this.#metrics.roundFailures++
    const code = err instanceof RaceteeError ? err.code : 'UNEXPECTED'
    // RaceteeError details are public by contract; anything else is reduced to its name.
    this.#lastError = code
    this.#status = 'degraded'
    this.#p.logger.error(
      { code, details: err instanceof RaceteeError ? err.details : (err as Error).name },
      'round failed; retrying',
    )
    this.#backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, this.#backoffMs * 2))
    if (this.#stopped) return
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      this.#schedule()
    }, this.#backoffMs)
  }

  #repairing(): RepairStatus[] {
    return this.#p.storage.repairing?.() ?? []
  }

  /** D6: a round waiting for k confirmations is not a failure, but health says why it waits. */
  #storageProgress(progress: StoreProgress): void {
    if (progress.confirmed >= progress.threshold) return
    const codes = Object.values(progress.failures)
    if (codes.length === 0) return
    this.#status = 'degraded'
    this.#lastError = codes[0] ?? errorCodes.STORAGE_UNAVAILABLE
  }

  async #storageThreshold(): Promise<number> {
    if (this.#threshold === undefined) {
      const config = await this.#p.client.readContract({
        address: this.#p.mc,
        abi: managementContractAbi,
        functionName: 'config',
      })
      this.#threshold = config.storageThreshold
    }
    return this.#threshold
  }

  #record(report: RoundReport): void {
    if (report.kind === 'idle') return
    this.#metrics.rounds++
    if (report.kind === 'committed') {
      this.#metrics.commits++
      this.#metrics.requestsCommitted += report.toSeq - report.fromSeq + 1n
      this.#metrics.lastRoundMs = report.ms
      this.#metrics.lastCommittedSeq = report.toSeq
    } else {
      this.#metrics.racesLost++
      const verdict = report.verdict
      if (verdict && 'winner' in verdict) {
        this.#lostRaces.push({ winner: verdict.winner, toSeq: report.toSeq, verdict: verdict.kind })
        if (this.#lostRaces.length > RACES_LOST_LISTED) this.#lostRaces.shift()
      }
    }
    for (const listener of this.#listeners) listener(report)
  }

  /** Graceful shutdown: no new rounds, the current one finishes, then the enclave stops. */
  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    this.#stopping.abort()
    clearTimeout(this.#retry)
    await this.#follower?.stop()
    await this.#running?.catch(() => {})
    this.#p.storage.close?.()
    await this.#p.enclave.close()
    await this.#health?.close()
    this.#p.logger.info({}, 'executor stopped')
  }
}

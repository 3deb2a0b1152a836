/**
 * The dashboard's live feed (D8): follows the chain from the MC's deploy block by polling
 * (viem, `cacheTime: 0`, every `pollMs`), folds each block range into a `FeedState`, and polls
 * the executors' and storage nodes' public health endpoints (D6, D7). Listeners hear about
 * every change; `snapshot()` is what the page draws. Reads only public data: the chain, and
 * health answers every operator publishes. A failed read is retried on the next tick and
 * shown as `lastError`, never thrown at the caller.
 */
import { isRaceteeError, managementContractAbi, raceteeDomain } from '@racetee/protocol'
import type { Address, PublicClient } from 'viem'
import { FeedState } from './FeedState.js'
import { parseExecutorMetrics } from './parseExecutorMetrics.js'
import { scanBlocks } from './scanBlocks.js'
import type { DashboardSnapshot } from './snapshotTypes.js'

export type DashboardFeedParameters = {
  /** A public client made with `cacheTime: 0`, so every poll sees the chain as it is now. */
  client: PublicClient
  mc: Address
  deployBlock: bigint
  storage: readonly { url: string; signer: Address }[]
  executors: readonly { healthUrl: string; enclave: Address; account: Address }[]
  simulation: boolean
  /** Chain poll interval (default 500 ms). */
  pollMs?: number
  /** Health poll interval (default 1,000 ms). */
  healthMs?: number
}

/** Blocks read per chain poll while catching up, so the first snapshot comes quickly. */
const MAX_BLOCKS_PER_SCAN = 25n
const HEALTH_TIMEOUT_MS = 2_000

export class DashboardFeed {
  readonly #p: DashboardFeedParameters
  readonly #state: FeedState
  readonly #listeners = new Set<() => void>()
  #next: bigint
  #domain: ReturnType<typeof raceteeDomain> | undefined
  #stopped = false
  #timers: ReturnType<typeof setTimeout>[] = []
  #running: Promise<void>[] = []

  constructor(parameters: DashboardFeedParameters) {
    this.#p = parameters
    this.#state = new FeedState(parameters)
    this.#next = parameters.deployBlock
  }

  start(): void {
    this.#loop(() => this.#pollChain(), this.#p.pollMs ?? 500)
    this.#loop(() => this.#pollHealth(), this.#p.healthMs ?? 1_000)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    for (const timer of this.#timers) clearTimeout(timer)
    await Promise.allSettled(this.#running)
    this.#listeners.clear()
  }

  snapshot(): DashboardSnapshot {
    return this.#state.snapshot()
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Runs `step` again `ms` after it ends (never two at once); `true` from a step means "go on now". */
  #loop(step: () => Promise<boolean>, ms: number): void {
    const slot = this.#timers.length
    const run = () => {
      if (this.#stopped) return
      const running = step()
        .catch((err: unknown) => {
          this.#state.setError(isRaceteeError(err) ? err.code : err instanceof Error ? err.name : 'unknown')
          this.#notify()
          return false
        })
        .then((more) => {
          this.#running = this.#running.filter((r) => r !== running)
          if (!this.#stopped) this.#timers[slot] = setTimeout(run, more ? 0 : ms)
        })
      this.#running.push(running)
    }
    this.#timers.push(setTimeout(run, 0))
  }

  async #pollChain(): Promise<boolean> {
    const { client, mc } = this.#p
    if (!this.#domain) {
      const [chainId, config] = await Promise.all([
        client.getChainId(),
        client.readContract({ address: mc, abi: managementContractAbi, functionName: 'config' }),
      ])
      this.#state.setChain({ chainId, storageThreshold: Number(config.storageThreshold) })
      this.#domain = raceteeDomain(chainId, mc)
    }
    const head = await client.getBlockNumber({ cacheTime: 0 })
    if (head < this.#next) return false
    const toBlock = head - this.#next >= MAX_BLOCKS_PER_SCAN ? this.#next + MAX_BLOCKS_PER_SCAN - 1n : head
    const scan = await scanBlocks({ client, mc, domain: this.#domain, fromBlock: this.#next, toBlock })
    if (this.#stopped) return false
    this.#state.applyScan(scan)
    this.#state.setError(null)
    this.#next = toBlock + 1n
    this.#notify()
    return toBlock < head
  }

  async #pollHealth(): Promise<boolean> {
    const executors = await Promise.all(
      this.#p.executors.map(async (e) => {
        const [health, metrics] = await Promise.all([
          getPublic(`${e.healthUrl}/health`, 'json'),
          getPublic(`${e.healthUrl}/metrics`, 'text'),
        ])
        return { health, metrics }
      }),
    )
    const storage = await Promise.all(this.#p.storage.map((s) => getPublic(`${s.url}/health`, 'json')))
    if (this.#stopped) return false
    executors.forEach(({ health, metrics }, i) => {
      this.#state.applyExecutorHealth(
        i,
        health as Record<string, unknown> | undefined,
        typeof metrics === 'string' ? parseExecutorMetrics(metrics) : undefined,
      )
    })
    storage.forEach((health, i) => {
      this.#state.applyStorageHealth(i, health as Record<string, unknown> | undefined)
    })
    this.#notify()
    return false
  }

  #notify(): void {
    for (const listener of this.#listeners) listener()
  }
}

/**
 * A public health or metrics answer, or undefined when the service does not answer in time.
 * A degraded executor answers 503 with its JSON, which is still its health.
 */
async function getPublic(url: string, as: 'json' | 'text'): Promise<unknown> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) })
    if (!res.ok && res.status !== 503) return undefined
    return as === 'json' ? await res.json() : await res.text()
  } catch {
    return undefined
  }
}

/**
 * The executor's storage repairer (D6: "repair runs before garbage collection"; issue 6: a
 * node that missed blobs is repaired). A batch goes on once k nodes confirmed it; the nodes
 * that had not (down, hanging, refusing for now) are left to this module, which re-sends the
 * same signed store request to each of them in the background, with capped exponential
 * backoff, until it confirms or the batch ages out. When a node confirms one batch it is back,
 * so every other batch it missed is re-sent to it at once: a node that returns gets what it
 * missed without waiting out its backoff.
 *
 * Bounded: at most `maxBatches` batches and `maxBytes` of request bodies are held; adding past
 * either drops the oldest (logged). A batch older than `maxAgeMs` is dropped too, so a node that
 * never returns costs nothing for ever. Nothing survives a restart: the queue lives in memory
 * only, and after a crash the batches of the last minutes are repaired by whichever executor
 * still holds them, or not at all (a node kept below k long enough can lose availability, D6's
 * f). Persisting it would need the bodies on disk (up to 64 MiB each), which is not cheap.
 */
import { errorCodes } from '@racetee/protocol'
import type { SignedStoreAuthorization } from '@racetee/storage'
import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import { type Backoff, backoffDelay } from './backoff.js'
import type { NodeStoreOutcome, StorageNode } from './storeOnNode.js'
import type { UnconfirmedNode } from './storeToThreshold.js'

export type RepairBatch = {
  authorization: SignedStoreAuthorization
  /** The encoded store request, sent as it is to every node that missed it. */
  body: Uint8Array
}

export type RepairStatus = { prevCommit: Hex; blobsRoot: Hex; bytes: number; nodes: Address[] }

export type RepairerParameters = {
  /** One attempt on one node; never throws (outcomes are data). */
  send: (node: StorageNode, batch: RepairBatch, signal: AbortSignal) => Promise<NodeStoreOutcome>
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>
  /** Batches held at most (default 64). */
  maxBatches?: number
  /** Bytes of request bodies held at most (default 256 MiB). */
  maxBytes?: number
  /** A batch not repaired within this is dropped (default 15 minutes). */
  maxAgeMs?: number
  /** Between attempts on one node (default 1 s doubling to 30 s). */
  backoff?: Backoff
  /** Attempts running at once, over every batch and node (default 4). */
  concurrency?: number
}

type Target = { node: StorageNode; attempts: number; nextAt: number; busy: boolean }
type Entry = {
  key: string
  batch: RepairBatch
  addedAt: number
  targets: Map<string, Target>
  /** Aborted when the entry is dropped, cutting its attempts short. */
  drop: AbortController
}

export class Repairer {
  readonly #send: RepairerParameters['send']
  readonly #logger: RepairerParameters['logger']
  readonly #maxBatches: number
  readonly #maxBytes: number
  readonly #maxAgeMs: number
  readonly #backoff: Backoff
  readonly #concurrency: number
  /** Insertion order is age order: the oldest entry comes first. */
  readonly #entries = new Map<string, Entry>()
  #bytes = 0
  #active = 0
  /** Attempts running per node (lower-case signer): one at a time, see `#run`. */
  readonly #nodeBusy = new Map<string, number>()
  #timer: NodeJS.Timeout | undefined
  #closed = false

  constructor(parameters: RepairerParameters) {
    this.#send = parameters.send
    this.#logger = parameters.logger
    this.#maxBatches = positive(parameters.maxBatches ?? 64, 'maxBatches')
    this.#maxBytes = positive(parameters.maxBytes ?? 256 * 1024 * 1024, 'maxBytes')
    this.#maxAgeMs = positive(parameters.maxAgeMs ?? 15 * 60_000, 'maxAgeMs')
    this.#backoff = parameters.backoff ?? { baseMs: 1000, capMs: 30_000 }
    this.#concurrency = positive(parameters.concurrency ?? 4, 'concurrency')
  }

  /** Takes over the delivery of `batch` to `missing`, finishing any attempt still in flight. */
  add(batch: RepairBatch, missing: readonly UnconfirmedNode[]): void {
    if (this.#closed || missing.length === 0) return
    const { prevCommit, blobsRoot } = batch.authorization
    const key = `${prevCommit}:${blobsRoot}`.toLowerCase()
    if (batch.body.length > this.#maxBytes) {
      this.#logger.warn(
        { blobsRoot, bytes: batch.body.length, nodes: missing.map((m) => m.node.signer) },
        'batch too large to hold for repair; those nodes will miss it',
      )
      return
    }
    let entry = this.#entries.get(key)
    if (!entry) {
      entry = { key, batch, addedAt: Date.now(), targets: new Map(), drop: new AbortController() }
      this.#entries.set(key, entry)
      this.#bytes += batch.body.length
    }
    for (const { node, inFlight } of missing) {
      const id = node.signer.toLowerCase()
      if (entry.targets.has(id)) continue
      const target: Target = { node, attempts: 1, nextAt: 0, busy: false }
      entry.targets.set(id, target)
      if (inFlight) {
        this.#settle(entry, target, inFlight)
      } else {
        target.nextAt = Date.now() + backoffDelay(0, this.#backoff)
      }
    }
    this.#evict()
    this.#schedule()
  }

  /** What is waiting for repair, oldest first. */
  pending(): RepairStatus[] {
    return [...this.#entries.values()].map((entry) => ({
      prevCommit: entry.batch.authorization.prevCommit,
      blobsRoot: entry.batch.authorization.blobsRoot,
      bytes: entry.batch.body.length,
      nodes: [...entry.targets.values()].map((t) => t.node.signer),
    }))
  }

  /** Bytes of request bodies held. */
  get bytes(): number {
    return this.#bytes
  }

  /** Stops every timer and attempt and forgets everything (shutdown). */
  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    for (const entry of [...this.#entries.values()]) this.#remove(entry)
  }

  /** Tracks one running attempt until its outcome is booked. */
  #settle(entry: Entry, target: Target, attempt: Promise<NodeStoreOutcome>): void {
    const id = target.node.signer.toLowerCase()
    target.busy = true
    this.#active++
    this.#nodeBusy.set(id, (this.#nodeBusy.get(id) ?? 0) + 1)
    attempt
      .catch((err: unknown): NodeStoreOutcome => {
        // `send` never throws by contract; count a throw as a failed attempt, not a crash.
        this.#logger.warn({ err }, 'repair attempt threw')
        return { ok: false, code: errorCodes.STORAGE_UNAVAILABLE, details: 'attempt threw', permanent: false }
      })
      .then((outcome) => {
        this.#active--
        target.busy = false
        const left = (this.#nodeBusy.get(id) ?? 1) - 1
        if (left > 0) this.#nodeBusy.set(id, left)
        else this.#nodeBusy.delete(id)
        this.#outcome(entry, target, outcome)
        this.#schedule()
      })
      .catch((err: unknown) => this.#logger.warn({ err }, 'repair bookkeeping failed'))
  }

  #outcome(entry: Entry, target: Target, outcome: NodeStoreOutcome): void {
    const id = target.node.signer.toLowerCase()
    // Dropped meanwhile (aged out, evicted, closed): nothing left to track.
    if (this.#entries.get(entry.key) !== entry || entry.targets.get(id) !== target) return
    const { blobsRoot } = entry.batch.authorization
    if (outcome.ok) {
      entry.targets.delete(id)
      this.#logger.info(
        { blobsRoot, node: target.node.signer, attempts: target.attempts },
        'storage node repaired',
      )
      // The node is back: whatever else it missed goes now rather than after its backoff.
      const now = Date.now()
      for (const other of this.#entries.values()) {
        const missed = other.targets.get(id)
        if (missed && !missed.busy) missed.nextAt = now
      }
    } else if (outcome.permanent) {
      entry.targets.delete(id)
      this.#logger.warn(
        { blobsRoot, node: target.node.signer, code: outcome.code, details: outcome.details },
        'storage node refused a repair for good; giving it up',
      )
    } else {
      const retryInMs = backoffDelay(target.attempts, this.#backoff)
      target.attempts++
      target.nextAt = Date.now() + retryInMs
      this.#logger.debug(
        { blobsRoot, node: target.node.signer, code: outcome.code, attempts: target.attempts, retryInMs },
        'repair attempt failed',
      )
    }
    if (entry.targets.size === 0) this.#remove(entry)
  }

  /**
   * Starts the attempts that are due (oldest batches first), drops aged batches, re-arms the
   * timer. One attempt per node at a time: a node that hangs until the deadline then holds one
   * slot, not all of them, and what one attempt learns (down, or back) applies to its others.
   */
  #run(): void {
    const now = Date.now()
    for (const entry of [...this.#entries.values()]) {
      if (now - entry.addedAt <= this.#maxAgeMs) continue
      this.#logger.warn(
        {
          blobsRoot: entry.batch.authorization.blobsRoot,
          nodes: [...entry.targets.values()].map((t) => t.node.signer),
        },
        'repair aged out; those nodes will miss the batch',
      )
      this.#remove(entry)
    }
    for (const entry of this.#entries.values())
      for (const target of entry.targets.values()) {
        if (this.#active >= this.#concurrency) break
        if (!this.#due(target, now)) continue
        this.#settle(entry, target, this.#send(target.node, entry.batch, entry.drop.signal))
      }
    this.#schedule()
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#closed || this.#entries.size === 0) return
    let next = Number.POSITIVE_INFINITY
    for (const entry of this.#entries.values()) {
      next = Math.min(next, entry.addedAt + this.#maxAgeMs + 1)
      if (this.#active < this.#concurrency)
        for (const target of entry.targets.values())
          if (this.#due(target, Number.POSITIVE_INFINITY)) next = Math.min(next, target.nextAt)
    }
    if (next === Number.POSITIVE_INFINITY) return
    this.#timer = setTimeout(() => this.#run(), Math.max(0, next - Date.now()))
    // Repair is best effort: it never keeps a stopping process alive.
    this.#timer.unref()
  }

  /** Whether `target` may start an attempt at `now` (its node idle, its backoff over). */
  #due(target: Target, now: number): boolean {
    return !target.busy && target.nextAt <= now && !this.#nodeBusy.has(target.node.signer.toLowerCase())
  }

  #evict(): void {
    for (const entry of this.#entries.values()) {
      if (this.#entries.size <= this.#maxBatches && this.#bytes <= this.#maxBytes) return
      this.#logger.warn(
        {
          blobsRoot: entry.batch.authorization.blobsRoot,
          nodes: [...entry.targets.values()].map((t) => t.node.signer),
        },
        'repair queue full: oldest batch dropped; those nodes will miss it',
      )
      this.#remove(entry)
    }
  }

  #remove(entry: Entry): void {
    if (this.#entries.get(entry.key) !== entry) return
    this.#entries.delete(entry.key)
    this.#bytes -= entry.batch.body.length
    entry.drop.abort()
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`)
  return value
}

/**
 * The executor's persisted progress (D7; model: reth's ExEx finished-height checkpoint). The
 * chain is the source of truth for what is committed, so the only thing a crash could lose is
 * a commit in flight: it is recorded here before it is sent, and on restart the executor waits
 * for that transaction instead of guessing. A round never re-sends a request: requests are
 * read from the chain from the last accepted commit on, and the MC accepts one commit per
 * `prevCommit`, so neither a loss nor a duplicate can come out of a restart.
 */
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, getAddress, type Hex, isAddressEqual, isHex } from 'viem'
import { readFileIfExists, writeFileAtomic } from './atomicFile.js'

/** A commit transaction sent but not yet seen mined. */
export type PendingCommit = { txHash: Hex; commitId: Hex; prevCommit: Hex; toBlock: bigint; toSeq: bigint }

export type Progress = {
  /** The last commit this executor saw accepted (ours or a winner's). */
  lastCommitId: Hex | null
  lastToSeq: bigint
  pending: PendingCommit | null
  rounds: number
  commitsWon: number
}

const FILE = 'progress.json'
const VERSION = 1

export class ProgressStore {
  readonly #path: string
  readonly #binding: { chainId: number; mc: Address }
  #progress: Progress

  private constructor(path: string, binding: { chainId: number; mc: Address }, progress: Progress) {
    this.#path = path
    this.#binding = binding
    this.#progress = progress
  }

  /** Opens `<dataDir>/progress.json`; refuses a file written for another chain or MC. */
  static open(dataDir: string, binding: { chainId: number; mc: Address }): ProgressStore {
    const path = join(dataDir, FILE)
    const text = readFileIfExists(path)
    const empty: Progress = { lastCommitId: null, lastToSeq: 0n, pending: null, rounds: 0, commitsWon: 0 }
    if (text === undefined) return new ProgressStore(path, binding, empty)
    return new ProgressStore(path, binding, parseProgress(text, path, binding))
  }

  get(): Readonly<Progress> {
    return this.#progress
  }

  /** Applies a change and makes it durable before returning. */
  update(change: Partial<Progress>): void {
    this.#progress = { ...this.#progress, ...change }
    writeFileAtomic(
      this.#path,
      `${JSON.stringify(
        { version: VERSION, chainId: this.#binding.chainId, mc: this.#binding.mc, ...this.#progress },
        (_, value) => (typeof value === 'bigint' ? value.toString() : value),
        2,
      )}\n`,
    )
  }
}

function parseProgress(text: string, path: string, binding: { chainId: number; mc: Address }): Progress {
  const corrupt = (details: string) =>
    new RaceteeError(errorCodes.EXECUTOR_STATE_CORRUPT, 'The executor progress file is unreadable.', {
      details: `${path}: ${details}`,
    })
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw corrupt('not JSON')
  }
  if (raw.version !== VERSION) throw corrupt(`version ${String(raw.version)}`)
  if (
    raw.chainId !== binding.chainId ||
    typeof raw.mc !== 'string' ||
    !isAddressEqual(getAddress(raw.mc), binding.mc)
  )
    throw new RaceteeError(
      errorCodes.EXECUTOR_CONFIG_INVALID,
      'The data directory belongs to another deployment.',
      {
        details: `${path} is for chain ${String(raw.chainId)} MC ${String(raw.mc)}`,
      },
    )
  const hex = (v: unknown, name: string): Hex => {
    if (typeof v !== 'string' || !isHex(v)) throw corrupt(`${name} is not hex`)
    return v
  }
  const big = (v: unknown, name: string): bigint => {
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw corrupt(`${name} is not an integer`)
    return BigInt(v)
  }
  const count = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw corrupt(`${name} is not a count`)
    return v
  }
  const p = raw.pending as Record<string, unknown> | null | undefined
  return {
    lastCommitId: raw.lastCommitId === null ? null : hex(raw.lastCommitId, 'lastCommitId'),
    lastToSeq: big(raw.lastToSeq, 'lastToSeq'),
    pending:
      p === null || p === undefined
        ? null
        : {
            txHash: hex(p.txHash, 'pending.txHash'),
            commitId: hex(p.commitId, 'pending.commitId'),
            prevCommit: hex(p.prevCommit, 'pending.prevCommit'),
            toBlock: big(p.toBlock, 'pending.toBlock'),
            toSeq: big(p.toSeq, 'pending.toSeq'),
          },
    rounds: count(raw.rounds, 'rounds'),
    commitsWon: count(raw.commitsWon, 'commitsWon'),
  }
}

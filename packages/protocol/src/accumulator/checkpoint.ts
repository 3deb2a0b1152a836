/**
 * Checkpoints of the request accumulator (P2, D3.2): the end of every block with requests is
 * on chain, in the MC's ring or, for the latest such block, in its live values. A commit's
 * `(toSeq, accAfter)` must equal the checkpoint that covers its `toBlock`.
 */
import type { Hex } from 'viem'

/** One ring entry: after the last request of `block`, the chain stood at `(seq, acc, feeCum)`; the next block with a request is `nextBlock`. */
export type Checkpoint = {
  /** uint48 on chain. */
  block: bigint
  seq: bigint
  acc: Hex
  /** Cumulative fees, uint96 on chain. */
  feeCum: bigint
  /** uint48 on chain. */
  nextBlock: bigint
}

/** The MC's live values: the latest block with requests (initially the deploy block, seq 0, acc_0). */
export type CheckpointLive = {
  block: bigint
  seq: bigint
  acc: Hex
  feeCum: bigint
  /** Requests so far in `block`, uint32 on chain. */
  countInBlock: number
}

/** Where the chain of requests stood at the end of some block. */
export type CheckpointPosition = { seq: bigint; acc: Hex; feeCum: bigint }

/**
 * The position covering `toBlock` (P2): the live values when `live.block ≤ toBlock`, else the
 * ring entry with `block ≤ toBlock < nextBlock`; null when neither covers it (the ring entry
 * was overwritten, or `toBlock` precedes the deployment's first checkpoint).
 */
export function coveringCheckpoint(
  ring: readonly Checkpoint[],
  live: CheckpointLive,
  toBlock: bigint,
): CheckpointPosition | null {
  if (live.block <= toBlock) return { seq: live.seq, acc: live.acc, feeCum: live.feeCum }
  for (const entry of ring)
    if (entry.block <= toBlock && toBlock < entry.nextBlock)
      return { seq: entry.seq, acc: entry.acc, feeCum: entry.feeCum }
  return null
}

/**
 * Caps one round's range so that its commit fits one transaction (D3.3 "A batch too large for
 * one transaction is split into several commits at block boundaries"; D3.2 "quota").
 *
 * The MC bounds each block to `blockQuotaGas / commitGasPerRequest` entries, which keeps one
 * block's commit under the 2^24 gas cap (D3). A round that covers several full blocks could
 * exceed it, so a round takes whole blocks only while their entries stay within that same
 * per-block bound; the next round takes the rest. The first block is always taken whole (the
 * MC's quota already sized it). The cut lands just before the first block left out, so the
 * capped `toBlock` is covered by the checkpoint of the last block taken (P2).
 *
 * Every round of a backlog can be cut this way: the enclave proves the last commit and the
 * checkpoint of `toBlock` at a later fact block (ARCHITECTURE decision 19), so a batch may end
 * before the block in which the last commit landed. Only a single block over the cap (beyond the
 * MC's quota) makes a range `overCap`.
 */

/** One accumulator entry's position: its seq and block (a `BatchRequest` satisfies it). */
export type RangeEntry = { seq: bigint; blockNumber: bigint }

export type CapRoundRangeParameters<E extends RangeEntry> = {
  /** Every entry of blocks `(lastCommit.toBlock, toBlock]`, ascending by seq. */
  entries: readonly E[]
  /** The round's uncapped end (the confirmed head). */
  toBlock: bigint
  /** Most entries one commit may carry; undefined or 0 means no cap. */
  maxEntries: bigint | undefined
}

export type CapRoundRangeReturnType<E extends RangeEntry> = {
  toBlock: bigint
  entries: E[]
  /** True when entries were left for the next round. */
  capped: boolean
  /** True when the range keeps more than `maxEntries` entries (its first block alone is over). */
  overCap: boolean
}

export function capRoundRange<E extends RangeEntry>(
  parameters: CapRoundRangeParameters<E>,
): CapRoundRangeReturnType<E> {
  const { entries, toBlock, maxEntries } = parameters
  if (maxEntries !== undefined && maxEntries < 0n) throw new RangeError('maxEntries must be ≥ 0')
  for (let i = 1; i < entries.length; i++)
    if (entries[i]!.seq <= entries[i - 1]!.seq || entries[i]!.blockNumber < entries[i - 1]!.blockNumber)
      throw new RangeError('entries must ascend by seq and block')
  if (entries.length > 0 && entries.at(-1)!.blockNumber > toBlock)
    throw new RangeError('entries must lie at or before toBlock')
  if (!maxEntries || BigInt(entries.length) <= maxEntries)
    return { toBlock, entries: [...entries], capped: false, overCap: false }

  // The first entry past the cap; its block and every later one wait for the next round.
  let cutBlock = entries[Number(maxEntries)]!.blockNumber
  // A first block larger than the cap (possible only beyond the MC's quota) is taken whole.
  if (cutBlock === entries[0]!.blockNumber) {
    const next = entries.find((e) => e.blockNumber > entries[0]!.blockNumber)
    if (!next) return { toBlock, entries: [...entries], capped: false, overCap: true }
    cutBlock = next.blockNumber
  }
  const kept = entries.filter((e) => e.blockNumber < cutBlock)
  return { toBlock: cutBlock - 1n, entries: kept, capped: true, overCap: BigInt(kept.length) > maxEntries }
}

/**
 * Finds the checkpoint ring entry that covers a block (P2, D3.2): entry i covers
 * `[block, nextBlock)`, and entries are ordered by block from the oldest kept,
 * `max(0, count − ringSize)`, to the newest, `count − 1`. Rounds nearly always ask about a
 * recent block, so the search gallops back from the newest entry (1, 2, 4, … entries back) and
 * then halves the bracket it found: one read in the common case, O(log distance) at worst,
 * never a read per entry.
 */
export type RingEntry = { block: bigint; nextBlock: bigint }

/** The covering entry's index (`slot = index % ringSize`), or null when none does. */
export async function findRingEntry<T extends RingEntry>(parameters: {
  count: bigint
  ringSize: bigint
  toBlock: bigint
  /** Reads entry `index` (the caller maps it to its slot). */
  entry(index: bigint): Promise<T>
}): Promise<{ index: bigint; entry: T } | null> {
  const { count, ringSize, toBlock, entry } = parameters
  if (count === 0n || ringSize === 0n) return null
  const oldest = count > ringSize ? count - ringSize : 0n
  // Gallop: find `lo` with block ≤ toBlock; every index above `hi` starts after toBlock.
  let hi = count - 1n
  let start: { index: bigint; entry: T } | null = null
  for (let step = 1n; start === null; step *= 2n) {
    const index = count - step < oldest ? oldest : count - step
    const e = await entry(index)
    if (e.block <= toBlock) start = { index, entry: e }
    else if (index === oldest) return null
    else hi = index - 1n
  }
  // Halve [lo, hi] to the last index whose block ≤ toBlock.
  let lo: bigint = start.index
  let found: T = start.entry
  while (lo < hi) {
    const mid: bigint = (lo + hi + 1n) / 2n
    const e = await entry(mid)
    if (e.block <= toBlock) {
      lo = mid
      found = e
    } else hi = mid - 1n
  }
  return toBlock < found.nextBlock ? { index: lo, entry: found } : null
}

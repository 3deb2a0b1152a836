import { describe, expect, it } from 'vitest'
import { findRingEntry, type RingEntry } from './findRingEntry.js'

/** A ring of `count` entries written so far, each covering `width` blocks, no gaps from block 10. */
function ring(count: number, width = 3) {
  const entries: RingEntry[] = Array.from({ length: count }, (_, i) => ({
    block: BigInt(10 + i * width),
    nextBlock: BigInt(10 + (i + 1) * width),
  }))
  const reads: bigint[] = []
  return {
    reads,
    entry: async (index: bigint) => {
      reads.push(index)
      return entries[Number(index)]!
    },
  }
}

describe('findRingEntry', () => {
  it('finds the entry covering a block in one read when it is the newest', async () => {
    const r = ring(100)
    const found = await findRingEntry({
      count: 100n,
      ringSize: 64n,
      toBlock: 10n + 99n * 3n + 1n,
      entry: r.entry,
    })
    expect(found?.index).toBe(99n)
    expect(r.reads).toEqual([99n])
  })

  it('behavior: finds every kept entry, with logarithmically many reads', async () => {
    for (let index = 36; index < 100; index++) {
      for (const offset of [0n, 2n]) {
        const r = ring(100)
        const toBlock = BigInt(10 + index * 3) + offset
        const found = await findRingEntry({ count: 100n, ringSize: 64n, toBlock, entry: r.entry })
        expect(found?.index).toBe(BigInt(index))
        expect(found?.entry.block).toBeLessThanOrEqual(toBlock)
        expect(r.reads.length).toBeLessThanOrEqual(14)
        // Only kept entries are read.
        for (const read of r.reads) expect(read).toBeGreaterThanOrEqual(36n)
      }
    }
  })

  it('behavior: a ring not yet full starts at entry 0', async () => {
    const r = ring(5)
    expect((await findRingEntry({ count: 5n, ringSize: 64n, toBlock: 10n, entry: r.entry }))?.index).toBe(0n)
  })

  it('behavior: a block after the newest entry ends is not covered', async () => {
    const r = ring(10)
    expect(await findRingEntry({ count: 10n, ringSize: 64n, toBlock: 10n + 30n, entry: r.entry })).toBeNull()
  })

  it('error: a block older than every kept entry is not covered', async () => {
    const r = ring(100)
    expect(
      await findRingEntry({ count: 100n, ringSize: 64n, toBlock: 10n + 35n * 3n, entry: r.entry }),
    ).toBeNull()
    expect(await findRingEntry({ count: 0n, ringSize: 64n, toBlock: 10n, entry: r.entry })).toBeNull()
  })
})

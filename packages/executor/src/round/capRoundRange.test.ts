import { describe, expect, it } from 'vitest'
import { capRoundRange, type RangeEntry } from './capRoundRange.js'

/** Entries at the given blocks, seqs from `firstSeq` on. */
const at = (blocks: number[], firstSeq = 1n): RangeEntry[] =>
  blocks.map((b, i) => ({ seq: firstSeq + BigInt(i), blockNumber: BigInt(b) }))

describe('capRoundRange', () => {
  it('cuts before the first block that would pass the cap, so every commit holds whole blocks', () => {
    // Blocks 11..14 with 3 entries each, cap 5: block 11 (3) fits, block 12 would make 6.
    const entries = at([11, 11, 11, 12, 12, 12, 13, 13, 13, 14, 14, 14])
    const first = capRoundRange({ entries, toBlock: 20n, maxEntries: 5n })
    expect(first).toEqual({ toBlock: 11n, entries: entries.slice(0, 3), capped: true, overCap: false })
    // The next round starts after block 11 and takes the rest the same way.
    const second = capRoundRange({ entries: entries.slice(3), toBlock: 20n, maxEntries: 5n })
    expect(second).toEqual({ toBlock: 12n, entries: entries.slice(3, 6), capped: true, overCap: false })
    // With 6 allowed, two blocks fit: the cut lands on the block before block 14's entries.
    expect(capRoundRange({ entries: entries.slice(3), toBlock: 20n, maxEntries: 6n })).toEqual({
      toBlock: 13n,
      entries: entries.slice(3, 9),
      capped: true,
      overCap: false,
    })
  })

  it('behavior: a range within the cap is kept whole, up to the head', () => {
    const entries = at([5, 7, 7])
    expect(capRoundRange({ entries, toBlock: 9n, maxEntries: 3n })).toEqual({
      toBlock: 9n,
      entries,
      capped: false,
      overCap: false,
    })
    expect(capRoundRange({ entries: [], toBlock: 9n, maxEntries: 3n })).toEqual({
      toBlock: 9n,
      entries: [],
      capped: false,
      overCap: false,
    })
  })

  it('behavior: no cap (undefined or 0) keeps the whole range', () => {
    const entries = at([1, 2, 3, 4])
    for (const maxEntries of [undefined, 0n])
      expect(capRoundRange({ entries, toBlock: 4n, maxEntries }).capped).toBe(false)
  })

  it('behavior: the cut keeps the empty blocks before the next entry (the checkpoint covers them)', () => {
    const entries = at([3, 3, 8, 8])
    expect(capRoundRange({ entries, toBlock: 10n, maxEntries: 3n })).toEqual({
      toBlock: 7n,
      entries: entries.slice(0, 2),
      capped: true,
      overCap: false,
    })
  })

  it('behavior: a first block larger than the cap is taken whole, never split', () => {
    const entries = at([4, 4, 4, 4, 6])
    expect(capRoundRange({ entries, toBlock: 6n, maxEntries: 2n })).toEqual({
      toBlock: 5n,
      entries: entries.slice(0, 4),
      capped: true,
      overCap: true,
    })
    expect(capRoundRange({ entries: at([4, 4, 4]), toBlock: 6n, maxEntries: 2n }).toBlock).toBe(6n)
  })

  it('behavior: every round of a backlog is cut, wherever the last commit landed (decision 19)', () => {
    // A backlog of 4 blocks of 2 entries, cap 2: four rounds of one block each, none over the cap.
    let rest = at([3, 3, 4, 4, 5, 5, 9, 9])
    const rounds: bigint[] = []
    while (rest.length > 0) {
      const range = capRoundRange({ entries: rest, toBlock: 10n, maxEntries: 2n })
      expect(range.overCap).toBe(false)
      rounds.push(range.toBlock)
      rest = rest.slice(range.entries.length)
    }
    expect(rounds).toEqual([3n, 4n, 8n, 10n])
  })

  it('error: entries out of order, past toBlock, or a negative cap are RangeErrors', () => {
    expect(() => capRoundRange({ entries: at([2, 1]), toBlock: 5n, maxEntries: 1n })).toThrow(RangeError)
    expect(() =>
      capRoundRange({
        entries: [
          { seq: 2n, blockNumber: 1n },
          { seq: 1n, blockNumber: 1n },
        ],
        toBlock: 5n,
        maxEntries: 1n,
      }),
    ).toThrow(RangeError)
    expect(() => capRoundRange({ entries: at([6]), toBlock: 5n, maxEntries: 1n })).toThrow(RangeError)
    expect(() => capRoundRange({ entries: at([1]), toBlock: 5n, maxEntries: -1n })).toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import { type Checkpoint, type CheckpointLive, coveringCheckpoint } from './checkpoint.js'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const ring: Checkpoint[] = [
  { block: 5n, seq: 0n, acc: h(0), feeCum: 0n, nextBlock: 8n },
  { block: 8n, seq: 3n, acc: h(3), feeCum: 30n, nextBlock: 12n },
]
const live: CheckpointLive = { block: 12n, seq: 4n, acc: h(4), feeCum: 40n, countInBlock: 1 }

describe('coveringCheckpoint', () => {
  it('finds the ring entry with block ≤ toBlock < nextBlock', () => {
    expect(coveringCheckpoint(ring, live, 9n)).toEqual({ seq: 3n, acc: h(3), feeCum: 30n })
    expect(coveringCheckpoint(ring, live, 8n)).toEqual({ seq: 3n, acc: h(3), feeCum: 30n })
    expect(coveringCheckpoint(ring, live, 7n)).toEqual({ seq: 0n, acc: h(0), feeCum: 0n })
  })

  it('behavior: the live values cover every block from theirs on', () => {
    expect(coveringCheckpoint(ring, live, 12n)).toEqual({ seq: 4n, acc: h(4), feeCum: 40n })
    expect(coveringCheckpoint(ring, live, 100n)).toEqual({ seq: 4n, acc: h(4), feeCum: 40n })
  })

  it('behavior: null when nothing covers the block', () => {
    expect(coveringCheckpoint(ring, live, 4n)).toBeNull()
    expect(coveringCheckpoint([], live, 11n)).toBeNull()
  })
})

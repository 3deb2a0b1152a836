import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { type CommittedRange, seqTilingProblems } from './commitCoverage.js'

const range = (fromSeq: bigint, toSeq: bigint): CommittedRange => ({
  commitId: `0x${fromSeq.toString(16).padStart(64, '0')}` as Hex,
  fromSeq,
  toSeq,
  blockNumber: 1n,
})

describe('seqTilingProblems', () => {
  test('contiguous ranges that cover 1..N once have no problem', () => {
    expect(seqTilingProblems([range(1n, 1n), range(2n, 5n), range(6n, 6n)], 6n)).toEqual([])
  })

  test('behavior: a gap, an overlap and a missing tail are each named', () => {
    expect(seqTilingProblems([range(1n, 2n), range(4n, 6n), range(6n, 7n)], 9n)).toEqual([
      'seq 3..3 in no commit',
      'seq 6..6 committed twice',
      'seq 8..9 in no commit',
    ])
  })

  test('behavior: a range repeated whole, an empty range and seqs past N are problems', () => {
    expect(seqTilingProblems([range(1n, 3n), range(1n, 3n), range(5n, 4n), range(4n, 6n)], 5n)).toEqual([
      'seq 1..3 committed twice',
      'commit 2 covers no seq (5..4)',
      'seq 6..6 committed beyond the last request',
    ])
    expect(seqTilingProblems([], 2n)).toEqual(['seq 1..2 in no commit'])
  })

  test('error: lastSeq below 1 is a RangeError', () => {
    expect(() => seqTilingProblems([], 0n)).toThrow(RangeError)
  })
})

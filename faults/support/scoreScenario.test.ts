import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { CommittedRange } from '../../e2e/support/commitCoverage.js'
import { rowPasses, type ScoreScenarioParameters, scoreScenario } from './scoreScenario.js'

const range = (fromSeq: bigint, toSeq: bigint): CommittedRange => ({
  commitId: `0x${fromSeq.toString(16).padStart(64, '0')}` as Hex,
  fromSeq,
  toSeq,
  blockNumber: 1n,
})

const clean: ScoreScenarioParameters = {
  scenario: 'baseline',
  sent: 5,
  receivedSeqs: [2n, 3n, 4n, 5n, 6n],
  ranges: [range(1n, 1n), range(2n, 4n), range(5n, 6n)],
  mismatchedSeqs: new Set(),
  finalReadSeqs: [5n, 6n],
  injected: 0,
  expectsFaults: false,
}

describe('scoreScenario', () => {
  test('a clean run scores 0/0/0/equal and passes', () => {
    const row = scoreScenario(clean)
    expect(row).toEqual({
      scenario: 'baseline',
      sent: 5,
      received: 5,
      lost: 0,
      duplicated: 0,
      wrong: 0,
      state: 'equal',
      injected: 0,
    })
    expect(rowPasses(row)).toBe(true)
  })

  test('behavior: a missing result is lost; an unanswered final read leaves the state unread', () => {
    const row = scoreScenario({ ...clean, receivedSeqs: [2n, 3n, 4n], finalReadSeqs: null })
    expect(row).toMatchObject({ received: 3, lost: 2, state: 'unread' })
    expect(rowPasses(row)).toBe(false)
  })

  test('behavior: a seq in two commits, or answered twice, is duplicated', () => {
    expect(scoreScenario({ ...clean, ranges: [...clean.ranges, range(4n, 5n)] }).duplicated).toBe(2)
    expect(scoreScenario({ ...clean, receivedSeqs: [2n, 2n, 4n, 5n, 6n] }).duplicated).toBe(1)
  })

  test('behavior: a mismatch is wrong for a workload step and a state difference for a final read', () => {
    const row = scoreScenario({ ...clean, mismatchedSeqs: new Set([3n, 6n]) })
    expect(row).toMatchObject({ wrong: 1, state: 'differs' })
    expect(rowPasses(row)).toBe(false)
  })

  test('behavior: a fault scenario whose fault never fired does not pass', () => {
    const row = scoreScenario({ ...clean, scenario: 'storage', expectsFaults: true, injected: 0 })
    expect(row.note).toBe('no fault fired')
    expect(rowPasses(row)).toBe(false)
    expect(rowPasses(scoreScenario({ ...clean, expectsFaults: true, injected: 3 }))).toBe(true)
  })

  test('error: more results than requests is a RangeError', () => {
    expect(() => scoreScenario({ ...clean, sent: 2 })).toThrow(RangeError)
  })
})

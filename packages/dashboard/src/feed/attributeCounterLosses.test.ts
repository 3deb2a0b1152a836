import type { Address, Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { attributeCounterLosses } from './attributeCounterLosses.js'
import type { CommitView } from './snapshotTypes.js'

const executor = {
  index: 1,
  enclave: '0x8a1DeFF0FF08aa30690c8A900390F1aC1AfD9f97' as Address,
  account: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address,
}

function commit(id: number, block: number, winner: number | null): CommitView {
  return {
    commitId: `0x${id.toString(16).padStart(64, '0')}` as Hex,
    block,
    time: block,
    transactionHash: '0x01',
    prevCommit: null,
    fromBlock: block - 1,
    toBlock: block - 1,
    fromSeq: id,
    toSeq: id,
    epoch: 0,
    resultsHash: '0x02',
    blobsRoot: '0x03',
    winner: { enclave: null, beneficiary: null, sender: '0x04', executor: winner },
    losers: [],
    confirmations: [],
    rolledBack: false,
  }
}

describe('attributeCounterLosses', () => {
  test('places losses oldest first on commits since the poll that the executor did not win', () => {
    const commits = [commit(1, 10, 0), commit(2, 12, 0), commit(3, 13, 1), commit(4, 14, 0)]
    const left = attributeCounterLosses({ commits, executor, lost: 2, sinceBlock: 11, placed: new Set() })
    expect(left).toBe(0)
    expect(commits.map((c) => c.losers.length)).toEqual([0, 1, 0, 1])
    expect(commits[1]!.losers[0]).toEqual({
      enclave: executor.enclave,
      account: executor.account,
      executor: 1,
      evidence: 'health-counter',
    })
  })

  test('behavior: a commit already showing its reverted commit absorbs one loss without a second entry', () => {
    const commits = [commit(1, 12, 0), commit(2, 13, 0)]
    commits[0]!.losers.push({
      enclave: executor.enclave,
      account: null,
      executor: 1,
      evidence: 'reverted-commit',
    })
    const left = attributeCounterLosses({ commits, executor, lost: 1, sinceBlock: 11, placed: new Set() })
    expect(left).toBe(0)
    expect(commits[0]!.losers.map((l) => l.evidence)).toEqual(['reverted-commit'])
    expect(commits[1]!.losers).toEqual([])
  })

  test('behavior: a commit is counted once per executor across polls; what has no commit yet is returned', () => {
    const placed = new Set<string>()
    const commits = [commit(1, 12, 0)]
    expect(attributeCounterLosses({ commits, executor, lost: 1, sinceBlock: 11, placed })).toBe(0)
    expect(attributeCounterLosses({ commits, executor, lost: 1, sinceBlock: 11, placed })).toBe(1)
    expect(commits[0]!.losers).toHaveLength(1)
  })

  test('behavior: rolled-back commits and commits before the window take nothing', () => {
    const commits = [commit(1, 5, 0), commit(2, 12, 0)]
    commits[1]!.rolledBack = true
    expect(attributeCounterLosses({ commits, executor, lost: 2, sinceBlock: 11, placed: new Set() })).toBe(2)
    expect(commits.flatMap((c) => c.losers)).toEqual([])
  })

  test('error: a negative or fractional count is a RangeError', () => {
    expect(() =>
      attributeCounterLosses({ commits: [], executor, lost: -1, sinceBlock: 0, placed: new Set() }),
    ).toThrow(RangeError)
    expect(() =>
      attributeCounterLosses({ commits: [], executor, lost: 0.5, sinceBlock: 0, placed: new Set() }),
    ).toThrow(RangeError)
  })
})

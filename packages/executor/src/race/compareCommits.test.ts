import { type CommitBody, commitId, raceteeDomain } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { compareCommits } from './compareCommits.js'

const domain = raceteeDomain(31337n, '0x00000000000000000000000000000000000000cc')
const word = (b: string) => `0x${b.repeat(32)}` as const
const program = '0x00000000000000000000000000000000000000a1' as const

const body: CommitBody = {
  prevCommit: word('01'),
  fromBlock: 10n,
  toBlock: 12n,
  toSeq: 7n,
  accAfter: word('02'),
  epoch: 0n,
  reads: [],
  updates: [{ program, prevDigest: word('03'), newDigest: word('04') }],
  created: [],
  resultsHash: word('05'),
  blobsRoot: word('06'),
}

describe('compareCommits', () => {
  it('agrees on the same body, whatever the case of its hex', () => {
    const copy = {
      ...body,
      prevCommit: body.prevCommit.toUpperCase().replace('0X', '0x') as `0x${string}`,
      updates: body.updates.map((u) => ({ ...u })),
    }
    expect(compareCommits(domain, body, copy)).toEqual({ kind: 'agrees' })
  })

  it('behavior: same range, another body diverges and names the fields that differ', () => {
    const tampered = { ...body, resultsHash: word('ee') }
    expect(commitId(domain, tampered)).not.toBe(commitId(domain, body))
    expect(compareCommits(domain, body, tampered)).toEqual({ kind: 'diverges', fields: ['resultsHash'] })
    const other = {
      ...body,
      updates: [{ program, prevDigest: word('03'), newDigest: word('ff') }],
      reads: [{ program: '0x00000000000000000000000000000000000000b2' as const, digest: word('07') }],
    }
    expect(compareCommits(domain, body, other)).toEqual({ kind: 'diverges', fields: ['reads', 'updates'] })
  })

  it('behavior: another toBlock or prevCommit is another range: nothing to compare', () => {
    expect(compareCommits(domain, body, { ...body, toBlock: 13n, toSeq: 9n })).toEqual({ kind: 'otherRange' })
    expect(compareCommits(domain, body, { ...body, prevCommit: word('09') })).toEqual({ kind: 'otherRange' })
  })
})

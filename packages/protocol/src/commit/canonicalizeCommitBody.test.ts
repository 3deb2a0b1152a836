import { type Address, zeroHash } from 'viem'
import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { assertCanonicalCommitBody, canonicalizeCommitBody } from './canonicalizeCommitBody.js'
import type { CommitBody } from './commitBody.js'

const p1: Address = '0x00000000000000000000000000000000000000A1'
const p2: Address = '0x00000000000000000000000000000000000000b2'
const p3: Address = '0x00000000000000000000000000000000000000c3'
const base: CommitBody = {
  prevCommit: zeroHash,
  fromBlock: 1n,
  toBlock: 2n,
  toSeq: 1n,
  accAfter: zeroHash,
  epoch: 0n,
  reads: [],
  updates: [],
  created: [],
  resultsHash: zeroHash,
  blobsRoot: zeroHash,
}

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return isRaceteeError(err) ? err.code : 'other'
  }
  return undefined
}

describe('canonicalizeCommitBody', () => {
  it('sorts every list by program', () => {
    const body = canonicalizeCommitBody({
      ...base,
      reads: [
        { program: p2, digest: zeroHash },
        { program: p1, digest: zeroHash },
      ],
      updates: [{ program: p3, prevDigest: zeroHash, newDigest: zeroHash }],
    })
    expect(body.reads.map((r) => r.program)).toEqual([p1, p2])
    expect(() => assertCanonicalCommitBody(body)).not.toThrow()
  })

  it('behavior: order compares addresses as numbers, not by checksum case', () => {
    const body = canonicalizeCommitBody({
      ...base,
      reads: [
        { program: p2, digest: zeroHash },
        { program: p1, digest: zeroHash },
      ],
    })
    expect(body.reads[0]?.program).toBe(p1)
  })

  it('error: a duplicate program in one list is PROTOCOL_MALFORMED', () => {
    const reads = [
      { program: p1, digest: zeroHash },
      { program: p1.toLowerCase() as Address, digest: zeroHash },
    ]
    expect(code(() => canonicalizeCommitBody({ ...base, reads }))).toBe('PROTOCOL_MALFORMED')
  })

  it('error: a program in two lists is PROTOCOL_MALFORMED', () => {
    const body = {
      ...base,
      reads: [{ program: p1, digest: zeroHash }],
      updates: [{ program: p1, prevDigest: zeroHash, newDigest: zeroHash }],
    }
    expect(code(() => assertCanonicalCommitBody(body))).toBe('PROTOCOL_MALFORMED')
  })

  it('error: an unsorted list is PROTOCOL_MALFORMED', () => {
    const reads = [
      { program: p2, digest: zeroHash },
      { program: p1, digest: zeroHash },
    ]
    expect(code(() => assertCanonicalCommitBody({ ...base, reads }))).toBe('PROTOCOL_MALFORMED')
  })
})

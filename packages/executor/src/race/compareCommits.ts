/**
 * Compares our commit with the one that won our range (D3.3 "challenge", D4 "Determinism",
 * D7 "A lost race costs no state"). Honest enclaves fed the same ordered requests produce the
 * same body byte for byte (everything but `beneficiary`), so two bodies for the same
 * `prevCommit` and `toBlock` that differ prove a fault. Bodies for different ranges say
 * nothing: the winner may simply have seen another head.
 *
 * Equality is the MC's own test: the EIP-712 body digest (`commitId`), so a verdict of
 * `diverges` is exactly a pair `challenge` accepts.
 */
import { type CommitBody, commitId, type RaceteeDomain } from '@racetee/protocol'

export type CommitComparison =
  | { kind: 'agrees' }
  /** Same range, different bodies: `fields` names what differs (public field names only). */
  | { kind: 'diverges'; fields: (keyof CommitBody)[] }
  | { kind: 'otherRange' }

const bodyFields = [
  'prevCommit',
  'fromBlock',
  'toBlock',
  'toSeq',
  'accAfter',
  'epoch',
  'reads',
  'updates',
  'created',
  'resultsHash',
  'blobsRoot',
] as const satisfies readonly (keyof CommitBody)[]

export function compareCommits(domain: RaceteeDomain, own: CommitBody, winner: CommitBody): CommitComparison {
  if (own.prevCommit.toLowerCase() !== winner.prevCommit.toLowerCase() || own.toBlock !== winner.toBlock)
    return { kind: 'otherRange' }
  if (commitId(domain, own) === commitId(domain, winner)) return { kind: 'agrees' }
  return { kind: 'diverges', fields: bodyFields.filter((f) => !sameValue(own[f], winner[f])) }
}

/** Deep equality over the body's plain data (hex compared case-insensitively). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    )
  }
  return a === b
}

/**
 * Canonical order of a commit body (P0, P6, D5 "Canonical order"): `reads`, `updates` and
 * `created` each ascending by program with no duplicates, and no program in two of them.
 * Honest enclaves must produce identical bodies byte for byte (D4 "Determinism"), so the order
 * is never left to `Map` insertion or load timing.
 */
import type { Address } from 'viem'
import { compareHex, isStrictlyAscending } from '../encoding/compareHex.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import type { CommitBody } from './commitBody.js'

/** A copy of `body` with its lists sorted; throws PROTOCOL_MALFORMED on a duplicate program. */
export function canonicalizeCommitBody(body: CommitBody): CommitBody {
  const byProgram = <T extends { program: Address }>(a: T, b: T) => compareHex(a.program, b.program)
  const canonical: CommitBody = {
    ...body,
    reads: [...body.reads].sort(byProgram),
    updates: [...body.updates].sort(byProgram),
    created: [...body.created].sort(byProgram),
  }
  assertCanonicalCommitBody(canonical)
  return canonical
}

/** Throws PROTOCOL_MALFORMED unless every list is strictly ascending by program and the lists are disjoint. */
export function assertCanonicalCommitBody(body: CommitBody): void {
  const lists: Record<string, readonly { program: Address }[]> = {
    reads: body.reads,
    updates: body.updates,
    created: body.created,
  }
  for (const [name, list] of Object.entries(lists))
    if (!isStrictlyAscending(list, (item) => item.program))
      throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Commit body list is not in canonical order.', {
        details: `${name} must be strictly ascending by program`,
      })
  const seen = new Set<string>()
  for (const list of Object.values(lists))
    for (const { program } of list) {
      const key = program.toLowerCase()
      if (seen.has(key))
        throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Commit body lists a program twice.', {
          details: `program ${program}`,
        })
      seen.add(key)
    }
}

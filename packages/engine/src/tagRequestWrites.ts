/**
 * Write tags (D4 "At rest"): after a successful request, every page, nonce and code it changed
 * takes the request's `writeTag` (its accumulator), so a blob's nonce does not depend on how
 * blocks were batched. "Changed" compares the value at request end with the value at request
 * start; the start value is the `prev` of the first undo entry left for it (entries of reverted
 * frames are gone, and reverted writes restored the value they found).
 */
import type { Hex } from 'viem'
import type { UndoEntry } from './LazyStateManager.js'
import type { ProgramRecord } from './ProgramRecord.js'
import { pageOfSlot, sameValue } from './storageValues.js'

export function tagRequestWrites(undo: readonly UndoEntry[], tag: Hex): void {
  const seenSlots = new Set<string>()
  const seenAccounts = new Set<ProgramRecord>()
  for (const entry of undo) {
    const rec = entry.rec
    if (entry.slot === null) {
      if (seenAccounts.has(rec)) continue
      seenAccounts.add(rec)
      if (entry.prev.nonce !== rec.nonce) rec.nonceTag = tag
      continue
    }
    const id = rec.hex + entry.slot
    if (seenSlots.has(id)) continue
    seenSlots.add(id)
    if (!sameValue(entry.prev, rec.storage.get(entry.slot))) rec.pageTags.set(pageOfSlot(entry.slot), tag)
  }
  for (const rec of seenAccounts) {
    // A program created by this request counts against T from the next request on (D3 limits).
    if (rec.program) rec.countable = true
    if (!rec.fresh) continue
    // Deployed or created by this request (D5 factories): its code is new, even when empty.
    rec.codeTag = tag
    rec.fresh = false
  }
}

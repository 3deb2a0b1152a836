/**
 * The batch's changes in canonical order (D5 "Canonical order", P0): programs ascending by
 * address as 20-byte numbers, pages ascending, slots ascending by offset, zero slots omitted.
 * Records are keyed by lowercase, fixed-width hex, so sorting the keys as strings is sorting the
 * numbers; nothing here depends on Map insertion order or on when a load finished.
 */
import type { ProgramRecord } from './ProgramRecord.js'
import { slotInPage, wordOf } from './storageValues.js'
import type { BatchChanges, ChangedPage, ChangedProgram } from './types.js'

export function collectChanges(records: ReadonlyMap<string, ProgramRecord>): BatchChanges {
  const changed: ChangedProgram[] = []
  const loaded: BatchChanges['loaded'] = []
  for (const hex of [...records.keys()].sort()) {
    const rec = records.get(hex)!
    if (!rec.program) continue
    if (rec.codeTag === null && rec.nonceTag === null && rec.pageTags.size === 0) {
      if (rec.registered) loaded.push(rec.hex)
      continue
    }
    changed.push({
      address: rec.hex,
      creator: rec.creator,
      code: rec.codeTag === null ? null : { code: rec.code.slice(), writeTag: rec.codeTag },
      nonce: rec.nonceTag === null ? null : { nonce: rec.nonce, writeTag: rec.nonceTag },
      pages: changedPages(rec),
    })
  }
  return { changed, loaded }
}

function changedPages(rec: ProgramRecord): ChangedPage[] {
  return [...rec.pageTags.keys()].sort().map((page) => {
    const slots: ChangedPage['slots'] = []
    for (let offset = 0; offset < 16; offset++) {
      const value = rec.storage.get(slotInPage(page, offset))
      if (value !== undefined && value.length > 0) slots.push({ offset, value: wordOf(value) })
    }
    return { page: BigInt(`0x${page}`), slots, writeTag: rec.pageTags.get(page)! }
  })
}

/**
 * Byte helpers for storage slots and values, kept in one place so the state manager and the
 * change collector agree on one representation: a slot is its 64-hex-digit key (page = the
 * first 63 digits, P1: `page = slot >> 4`), a value is minimal big-endian bytes (zero = empty),
 * which is also what @ethereumjs/evm writes with SSTORE.
 */
import { RaceteeError } from '@racetee/protocol'

export const EMPTY_VALUE: Uint8Array = new Uint8Array(0)

const HEX = Array.from({ length: 16 }, (_, i) => i.toString(16))

/** The page key (63 hex digits) of a slot key (64 hex digits). */
export function pageOfSlot(slot: string): string {
  return slot.slice(0, 63)
}

/** The slot key of `offset` (0..15) in page `page`. */
export function slotInPage(page: string, offset: number): string {
  return page + HEX[offset]
}

/** Minimal big-endian form: leading zero bytes dropped, zero is empty. Shares the buffer. */
export function minimalValue(value: Uint8Array): Uint8Array {
  let i = 0
  while (i < value.length && value[i] === 0) i++
  return i === 0 ? value : value.subarray(i)
}

/** A 32-byte big-endian copy of a minimal value. */
export function wordOf(value: Uint8Array): Uint8Array {
  const word = new Uint8Array(32)
  word.set(value, 32 - value.length)
  return word
}

export function sameValue(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  const x = a ?? EMPTY_VALUE
  const y = b ?? EMPTY_VALUE
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

/** Checks one page as a loader returned it: offsets 0..15, 32-byte values (ProgramLoader contract). */
export function checkedPageEntry(offset: number, value: Uint8Array, where: string): Uint8Array {
  if (!Number.isInteger(offset) || offset < 0 || offset > 15 || value.length !== 32) {
    throw new RaceteeError('ENGINE_PROGRAM_UNAVAILABLE', 'Loader returned a malformed page', {
      details: `${where}: offset ${offset}, value length ${value.length}`,
    })
  }
  return minimalValue(value).slice()
}

/**
 * A storage page's plaintext (P5): its non-zero slots `u8 offset ‖ bytes32 value`, strictly
 * ascending by offset (0..15, `offset = slot & 15`). Zero slots are omitted, so one page content
 * has one encoding (D5 "Canonical order"). Values are program state: secret.
 */
import { concat } from 'viem'
import { SLOTS_PER_PAGE } from '../constants/blobKinds.js'
import { bytes32 } from '../encoding/fixedBytes.js'
import { u8 } from '../encoding/uintBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type PageSlot = { offset: number; value: Uint8Array }

const SLOT_LENGTH = 33

export function encodePage(slots: readonly PageSlot[]): Uint8Array {
  return concat(
    slots.flatMap((slot, i) => {
      const prev = slots[i - 1]
      if (slot.offset >= SLOTS_PER_PAGE)
        throw new RangeError(`slots[${i}].offset must be below ${SLOTS_PER_PAGE}`)
      if (prev !== undefined && slot.offset <= prev.offset)
        throw new RangeError(`slots[${i}].offset must ascend strictly`)
      const value = bytes32(slot.value, `slots[${i}].value`)
      if (value.every((b) => b === 0))
        throw new RangeError(`slots[${i}].value is zero: zero slots are omitted`)
      return [u8(slot.offset, `slots[${i}].offset`), value]
    }),
  )
}

export function decodePage(bytes: Uint8Array): PageSlot[] {
  if (bytes.length % SLOT_LENGTH !== 0) fail(`${bytes.length} bytes is not a whole number of slots`)
  const slots: PageSlot[] = []
  for (let at = 0; at < bytes.length; at += SLOT_LENGTH) {
    const offset = bytes[at]!
    const value = bytes.slice(at + 1, at + SLOT_LENGTH)
    const prev = slots[slots.length - 1]
    if (offset >= SLOTS_PER_PAGE) fail(`offset ${offset} out of range`)
    if (prev !== undefined && offset <= prev.offset) fail(`offset ${offset} does not ascend`)
    if (value.every((b) => b === 0)) fail(`offset ${offset} holds a zero value`)
    slots.push({ offset, value })
  }
  return slots
}

function fail(details: string): never {
  throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Page is malformed.', { details })
}

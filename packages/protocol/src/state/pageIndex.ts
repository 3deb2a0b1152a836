/**
 * The index plaintext (P5): the page table, entries `u256 page ‖ bytes32 pageBlobHash`, strictly
 * ascending by page (D5 "Canonical order"). `stateRoot = keccak(sealed index blob)`.
 */
import { bytesToBigInt, bytesToHex, concat, type Hex } from 'viem'
import { bytes32 } from '../encoding/fixedBytes.js'
import { u256 } from '../encoding/uintBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type PageIndexEntry = { page: bigint; pageBlobHash: Hex }

const ENTRY_LENGTH = 64

export function encodePageIndex(entries: readonly PageIndexEntry[]): Uint8Array {
  entries.forEach((e, i) => {
    const prev = entries[i - 1]
    if (prev !== undefined && e.page <= prev.page)
      throw new RangeError(`entries[${i}].page must ascend strictly`)
  })
  return concat(
    entries.flatMap((e, i) => [
      u256(e.page, `entries[${i}].page`),
      bytes32(e.pageBlobHash, `entries[${i}].pageBlobHash`),
    ]),
  )
}

export function decodePageIndex(bytes: Uint8Array): PageIndexEntry[] {
  if (bytes.length % ENTRY_LENGTH !== 0) fail(`${bytes.length} bytes is not a whole number of entries`)
  const entries: PageIndexEntry[] = []
  for (let at = 0; at < bytes.length; at += ENTRY_LENGTH) {
    const page = bytesToBigInt(bytes.subarray(at, at + 32))
    const prev = entries[entries.length - 1]
    if (prev !== undefined && page <= prev.page) fail(`page ${page} does not ascend`)
    entries.push({ page, pageBlobHash: bytesToHex(bytes.subarray(at + 32, at + ENTRY_LENGTH)) })
  }
  return entries
}

function fail(details: string): never {
  throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Page index is malformed.', { details })
}

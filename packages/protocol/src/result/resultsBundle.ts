/**
 * The results bundle, one public blob per commit (P4, D4): `0x01 ‖ abi(BundleEntry[] entries)`,
 * `BundleEntry = (uint64 seq, bytes32 acc, address program, uint8 status, bytes sealed)`. One
 * entry per non-rotation request, ascending by `seq`; `envelopeInvalid` entries carry nothing.
 * `resultsHash = keccak(bundle)` is what the commit signs.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem'
import { type BundleEntryStatus, bundleEntryStatus } from '../constants/resultStatus.js'
import {
  ABI_WORD,
  abiBytesSize,
  writeAddressWord,
  writeBytes32Word,
  writeBytesTail,
  writeUintWord,
} from '../encoding/abiWords.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { PROTOCOL_VERSION, stripVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type BundleEntry = {
  seq: bigint
  /** `acc_seq`, the accumulator after this request. */
  acc: Hex
  program: Address
  status: BundleEntryStatus
  /** The AES-256-GCM-SIV sealed, padded ResultV1 (tag last); empty for `envelopeInvalid`. */
  sealed: Uint8Array
}

const bundleAbi = [
  {
    type: 'tuple[]',
    components: [
      { name: 'seq', type: 'uint64' },
      { name: 'acc', type: 'bytes32' },
      { name: 'program', type: 'address' },
      { name: 'status', type: 'uint8' },
      { name: 'sealed', type: 'bytes' },
    ],
  },
] as const

/**
 * `0x01 ‖ abi(BundleEntry[])`, written word by word (abiWords.ts): the bytes viem's
 * `encodeAbiParameters(bundleAbi, …)` gives, without a hex string of the whole bundle.
 * Layout: offset of the array; its length; one offset per entry (from the first offset word);
 * each entry as `seq, acc, program, status, 0xa0 (offset of sealed), len(sealed), sealed‖pad`.
 */
export function encodeResultsBundle(entries: readonly BundleEntry[]): Uint8Array {
  checkEntries(entries)
  const n = entries.length
  const entrySize = (e: BundleEntry) => ENTRY_HEAD + abiBytesSize(e.sealed.length)
  const elements = 1 + ABI_WORD * 2
  let size = elements + ABI_WORD * n
  for (const e of entries) size += entrySize(e)
  const out = new Uint8Array(size)
  out[0] = PROTOCOL_VERSION
  writeUintWord(out, 1, ABI_WORD, 256, 'offset')
  writeUintWord(out, 1 + ABI_WORD, n, 256, 'entries.length')
  let at = elements + ABI_WORD * n
  entries.forEach((e, i) => {
    writeUintWord(out, elements + ABI_WORD * i, at - elements, 256, 'offset')
    writeUintWord(out, at, e.seq, 64, `entries[${i}].seq`)
    writeBytes32Word(out, at + ABI_WORD, e.acc, `entries[${i}].acc`)
    writeAddressWord(out, at + 2 * ABI_WORD, e.program, `entries[${i}].program`)
    writeUintWord(out, at + 3 * ABI_WORD, e.status, 8, `entries[${i}].status`)
    writeUintWord(out, at + 4 * ABI_WORD, ENTRY_HEAD, 256, 'offset')
    at = writeBytesTail(out, at + ENTRY_HEAD, e.sealed)
  })
  return out
}

/** An entry's head: four static words and the offset of `sealed`. */
const ENTRY_HEAD = 5 * ABI_WORD

export function decodeResultsBundle(bundle: Uint8Array): BundleEntry[] {
  const [rows] = decodeAbiStrict(bundleAbi, stripVersion(bundle, 'Results bundle'), 'Results bundle')
  const entries = rows.map((row) => ({
    seq: row.seq,
    acc: row.acc,
    program: row.program,
    status: row.status as BundleEntryStatus,
    sealed: hexToBytes(row.sealed),
  }))
  checkEntries(entries)
  return entries
}

/** `resultsHash = keccak(bundle)`. */
export function resultsHash(bundle: Uint8Array): Hex {
  return bytesToHex(keccak_256(bundle))
}

function checkEntries(entries: readonly BundleEntry[]): void {
  entries.forEach((entry, i) => {
    const prev = entries[i - 1]
    if (prev !== undefined && entry.seq <= prev.seq) fail(`entries[${i}].seq is not above the previous seq`)
    if (entry.status === bundleEntryStatus.envelopeInvalid) {
      if (entry.sealed.length !== 0) fail(`entries[${i}] is envelopeInvalid but carries sealed bytes`)
    } else if (entry.status === bundleEntryStatus.sealed) {
      if (entry.sealed.length === 0) fail(`entries[${i}] is sealed but empty`)
    } else fail(`entries[${i}].status ${entry.status} is unknown`)
  })
}

function fail(details: string): never {
  throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Results bundle is malformed.', { details })
}

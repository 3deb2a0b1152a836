/**
 * The results bundle, one public blob per commit (P4, D4): `0x01 ‖ abi(BundleEntry[] entries)`,
 * `BundleEntry = (uint64 seq, bytes32 acc, address program, uint8 status, bytes sealed)`. One
 * entry per non-rotation request, ascending by `seq`; `envelopeInvalid` entries carry nothing.
 * `resultsHash = keccak(bundle)` is what the commit signs.
 */
import { type Address, bytesToHex, encodeAbiParameters, type Hex, hexToBytes, keccak256 } from 'viem'
import { type BundleEntryStatus, bundleEntryStatus } from '../constants/resultStatus.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { stripVersion, withVersion } from '../encoding/version.js'
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

export function encodeResultsBundle(entries: readonly BundleEntry[]): Uint8Array {
  checkEntries(entries)
  const rows = entries.map((e) => ({ ...e, sealed: bytesToHex(e.sealed) }))
  return withVersion(hexToBytes(encodeAbiParameters(bundleAbi, [rows])))
}

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
  return keccak256(bundle)
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

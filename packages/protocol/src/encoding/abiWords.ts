/**
 * Solidity ABI encoding (P0 "abi(...)") written straight into one preallocated buffer, for the
 * enclave's per-request and per-batch encodings (results, the results bundle, accumulator
 * entries; issue 7). viem's `encodeAbiParameters` builds the same bytes through hex strings,
 * which costs a string per word and dominated the hot path's garbage; the callers' vector and
 * differential tests pin both to the same output.
 *
 * The buffer must start zeroed (a fresh `Uint8Array`): only non-zero bytes are written, so
 * left padding of integers and addresses and right padding of `bytes` come for free.
 * Values are checked as P0 states them; a violation is a TypeError/RangeError naming the field.
 */
import { type Hex, hexToBytes, isHex } from 'viem'
import { addressBytes } from './addressBytes.js'
import { assertUint } from './uintBytes.js'

export const ABI_WORD = 32

/** `length` rounded up to whole words. */
export function abiPadded(length: number): number {
  return Math.ceil(length / ABI_WORD) * ABI_WORD
}

/** Bytes taken by a dynamic `bytes` value in the tail: its length word and its padded data. */
export function abiBytesSize(length: number): number {
  return ABI_WORD + abiPadded(length)
}

/** Writes an unsigned integer of at most `bits` bits as the word at `at`. */
export function writeUintWord(
  out: Uint8Array,
  at: number,
  value: bigint | number,
  bits: number,
  name: string,
): void {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && bits >= 53) {
    // Fast path for small counters, offsets and lengths: no bigint.
    let v = value
    for (let i = at + ABI_WORD - 1; v > 0; i--) {
      out[i] = v % 256
      v = Math.floor(v / 256)
    }
    return
  }
  let v = assertUint(value, bits, name)
  for (let i = at + ABI_WORD - 1; v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
}

/** Writes a 20-byte address (any hex case) as the word at `at`. */
export function writeAddressWord(out: Uint8Array, at: number, address: Hex, name: string): void {
  out.set(addressBytes(address as `0x${string}`, name), at + 12)
}

/** Writes a `bytes32` given as hex or bytes as the word at `at`. */
export function writeBytes32Word(out: Uint8Array, at: number, value: Hex | Uint8Array, name: string): void {
  const bytes = typeof value === 'string' ? strictHexBytes(value, name) : value
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array or a 0x-hex string`)
  if (bytes.length !== ABI_WORD) throw new RangeError(`${name} must be 32 bytes, got ${bytes.length}`)
  out.set(bytes, at)
}

/** Writes a dynamic `bytes` value (length word, then data) at `at`; returns the offset after it. */
export function writeBytesTail(out: Uint8Array, at: number, bytes: Uint8Array): number {
  writeUintWord(out, at, bytes.length, 256, 'length')
  out.set(bytes, at + ABI_WORD)
  return at + abiBytesSize(bytes.length)
}

/** Hex to bytes, refusing anything that is not whole 0x-prefixed bytes. */
export function strictHexBytes(value: Hex, name: string): Uint8Array {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length % 2 !== 0)
    throw new TypeError(`${name} must be 0x-prefixed hex of whole bytes`)
  return hexToBytes(value)
}

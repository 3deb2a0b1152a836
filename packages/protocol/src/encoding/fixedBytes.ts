/**
 * A byte string of an exact length (`bytes32`, a 12-byte nonce, an X25519 key), from hex or
 * bytes. Always returns a fresh copy, so callers may wipe it without touching the input.
 */
import { type Hex, hexToBytes, isHex } from 'viem'

export function fixedBytes(value: Hex | Uint8Array, size: number, name = 'value'): Uint8Array {
  let bytes: Uint8Array
  if (value instanceof Uint8Array) bytes = value.slice()
  else if (typeof value === 'string' && isHex(value, { strict: true })) {
    if (value.length % 2 !== 0) throw new TypeError(`${name} must have an even number of hex digits`)
    bytes = hexToBytes(value)
  } else throw new TypeError(`${name} must be a Uint8Array or a 0x-prefixed hex string`)
  if (bytes.length !== size) throw new RangeError(`${name} must be ${size} bytes, got ${bytes.length}`)
  return bytes
}

/** `bytes32` of P0. */
export function bytes32(value: Hex | Uint8Array, name = 'value'): Uint8Array {
  return fixedBytes(value, 32, name)
}

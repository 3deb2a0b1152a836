/**
 * Interim byte builders for docs/protocol.md P5 (sealing nonce and aad, key-derivation infos),
 * used by this folder and keys/ only.
 *
 * @racetee/protocol owns these layouts; these builders were not yet committed there when this
 * was written (P4's are, and resultSealer.ts uses them). Replace each function here by
 * protocol's (`sealNonce`, `sealAad`, the P5 key derivations) once they land. Not exported from the package. Nothing here is secret except the keys
 * passed to `hkdf32`, which the caller owns and wipes.
 * @module
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Address, type Hex, hexToBytes, isAddress, isHex, numberToBytes } from 'viem'

const encoder = new TextEncoder()

/** Labels of P4/P5 (UTF-8, no terminator). */
export const labels = {
  requestKey: encoder.encode('racetee/v1/request-key'),
  managementKey: encoder.encode('racetee/v1/management-key'),
  programKey: encoder.encode('racetee/v1/program-key'),
  ratchet: encoder.encode('racetee/v1/ratchet'),
  random: encoder.encode('racetee/v1/random'),
} as const

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Big-endian unsigned integer of `size` bytes; RangeError naming `name` when it does not fit. */
export function uint(value: bigint | number, size: number, name: string): Uint8Array {
  if (typeof value !== 'bigint' && typeof value !== 'number')
    throw new TypeError(`${name} must be a bigint or number`)
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new RangeError(`${name} must be a safe integer`)
  const big = BigInt(value)
  if (big < 0n || big >= 1n << BigInt(size * 8))
    throw new RangeError(`${name} does not fit in ${size * 8} unsigned bits`)
  return numberToBytes(big, { size })
}

export function addressBytes(address: Address, name: string): Uint8Array {
  if (typeof address !== 'string' || !isAddress(address, { strict: false }))
    throw new TypeError(`${name} must be a 20-byte hex address`)
  return hexToBytes(address)
}

export function bytes32(value: Hex | Uint8Array, name: string): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== 32) throw new RangeError(`${name} must be 32 bytes, got ${value.length}`)
    return value
  }
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length !== 66)
    throw new TypeError(`${name} must be a 32-byte hex string`)
  return hexToBytes(value)
}

/** HKDF-SHA256 with empty salt, 32 bytes out (P4, P5). Output is SECRET: the caller wipes it. */
export function hkdf32(ikm: Uint8Array, info: Uint8Array): Uint8Array {
  return hkdf(sha256, ikm, undefined, info, 32)
}

/** P5: `keccak(program ‖ u8 kind ‖ u256 page ‖ acc_w)[0:12]`. */
export function sealNonce(program: Address, kind: number, page: bigint, accW: Hex | Uint8Array): Uint8Array {
  return keccak_256(
    concat(
      addressBytes(program, 'program'),
      uint(kind, 1, 'kind'),
      uint(page, 32, 'page'),
      bytes32(accW, 'accW'),
    ),
  ).slice(0, 12)
}

/** P5: `u256 chainId ‖ MC ‖ program ‖ u8 kind ‖ u256 page ‖ u32 keyVersion`. */
export function sealAad(
  chainId: bigint,
  mc: Address,
  program: Address,
  kind: number,
  page: bigint,
  keyVersion: bigint | number,
): Uint8Array {
  return concat(
    uint(chainId, 32, 'chainId'),
    addressBytes(mc, 'mc'),
    addressBytes(program, 'program'),
    uint(kind, 1, 'kind'),
    uint(page, 32, 'page'),
    uint(keyVersion, 4, 'keyVersion'),
  )
}

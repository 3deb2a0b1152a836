/**
 * Fixed-width big-endian unsigned integers for the concatenations of P0 (`u8`, `u32`, `u64`,
 * `u256`). Shape violations are `RangeError`s naming the parameter (house style: low-level
 * helpers do not throw coded errors).
 */
import { numberToBytes } from 'viem'

/** `value` as `size` big-endian bytes; `name` is the caller's parameter, used in the error. */
export function uintBytes(value: bigint | number, size: number, name = 'value'): Uint8Array {
  return numberToBytes(assertUint(value, size * 8, name), { size })
}

/** Checks that `value` is an unsigned integer of at most `bits` bits; returns it as a bigint. */
export function assertUint(value: bigint | number, bits: number, name = 'value'): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new RangeError(`${name} must be a safe integer, got ${value}`)
  if (typeof value !== 'number' && typeof value !== 'bigint')
    throw new TypeError(`${name} must be a bigint or a number`)
  const big = BigInt(value)
  if (big < 0n || big >= 1n << BigInt(bits))
    throw new RangeError(`${name} does not fit in ${bits} unsigned bits: ${big}`)
  return big
}

export function u8(value: bigint | number, name = 'value'): Uint8Array {
  return uintBytes(value, 1, name)
}

export function u32(value: bigint | number, name = 'value'): Uint8Array {
  return uintBytes(value, 4, name)
}

export function u64(value: bigint | number, name = 'value'): Uint8Array {
  return uintBytes(value, 8, name)
}

export function u256(value: bigint | number, name = 'value'): Uint8Array {
  return uintBytes(value, 32, name)
}

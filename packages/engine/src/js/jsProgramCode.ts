/**
 * The EVM account code of a JS program (D5 "JS programs"): a 70-byte stub that forwards its
 * calldata to the JS dispatcher precompile and returns or reverts with what comes back,
 * followed by an INVALID byte, a magic tag and the program's UTF-8 source.
 *
 * Keeping the source inside the account's code means a JS program is an ordinary EVM account
 * to everything else: code blobs, sealing, digests and page tables work unchanged, and the
 * dispatcher finds the source of the program that called it with one `getCode`. The stub
 * never reaches the data: it ends in RETURN/REVERT, and the INVALID byte fences the rest.
 *
 * When the dispatcher signals fuel exhaustion (revert data is exactly `FUEL_EXHAUSTED`), the stub burns
 * the rest of its own gas in a loop, so the JS frame ends exactly as an EVM frame that ran out
 * of gas: its caller sees an out-of-gas failure, and a top-level request the `outOfGas` status.
 */
import { bytesToHex, type Hex, hexToBytes } from 'viem'

/** The dispatcher precompile (D5): outside the ranges Ethereum uses for its own precompiles. */
export const JS_DISPATCHER_ADDRESS: Hex = '0x00000000000000000000000000000000000a5d15'

/** Revert data by which the dispatcher tells the stub that the JS frame ran out of fuel. */
export const FUEL_EXHAUSTED: Hex = '0x4a53f0e1'

const MAGIC = new TextEncoder().encode('racetee-js/1\n')

// Offsets are fixed: 0x3d is the JUMPDEST of the success path, 0x41 that of the burn loop.
const STUB: Uint8Array = hexToBytes(
  `0x${[
    '365f5f37', // CALLDATACOPY(0, 0, CALLDATASIZE)
    '5f5f365f5f', // retSize 0, retOffset 0, argsSize CALLDATASIZE, argsOffset 0, value 0
    `73${JS_DISPATCHER_ADDRESS.slice(2)}`, // PUSH20 dispatcher
    '5af1', // GAS, CALL
    '3d5f5f3e', // RETURNDATACOPY(0, 0, RETURNDATASIZE)
    '603d57', // PUSH1 0x3d, JUMPI (success)
    '5f51', // MLOAD(0): the first word of the revert data
    '60e01c', // SHR 224: its first four bytes
    `63${FUEL_EXHAUSTED.slice(2)}14`, // PUSH4 FUEL_EXHAUSTED, EQ
    '3d60041416', // RETURNDATASIZE == 4, AND (memory past the revert data holds calldata)
    '604157', // PUSH1 0x41, JUMPI (burn)
    '3d5ffd', // REVERT(0, RETURNDATASIZE)
    '5b3d5ff3', // 0x3d: JUMPDEST, RETURN(0, RETURNDATASIZE)
    '5b604156', // 0x41: JUMPDEST, PUSH1 0x41, JUMP (until out of gas)
    'fe', // INVALID: the data below is never executed
  ].join('')}`,
)

/** Runtime code of a JS program with `source`. */
export function jsProgramCode(source: string): Uint8Array {
  if (typeof source !== 'string') throw new TypeError('source must be a string')
  const body = new TextEncoder().encode(source)
  const code = new Uint8Array(STUB.length + MAGIC.length + body.length)
  code.set(STUB, 0)
  code.set(MAGIC, STUB.length)
  code.set(body, STUB.length + MAGIC.length)
  return code
}

/** The source of a JS program's code, or null when `code` is not a JS program. */
export function jsSourceOf(code: Uint8Array): string | null {
  const head = STUB.length + MAGIC.length
  if (code.length < head) return null
  for (let i = 0; i < STUB.length; i++) if (code[i] !== STUB[i]) return null
  for (let i = 0; i < MAGIC.length; i++) if (code[STUB.length + i] !== MAGIC[i]) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(code.subarray(head))
  } catch {
    return null
  }
}

/**
 * Init code that deploys `jsProgramCode(source)`: CODECOPY the runtime that follows a 12-byte
 * prefix, RETURN it. A JS deploy is then an ordinary EVM deploy (code deposit gas, EIP-170).
 */
export function jsInitCode(source: string): Uint8Array {
  const runtime = jsProgramCode(source)
  if (runtime.length > 0xffff) throw new RangeError('source is too large for a program (64 KiB)')
  const n = runtime.length.toString(16).padStart(4, '0')
  const prefix = hexToBytes(`0x61${n}600c5f3961${n}5ff3`)
  const out = new Uint8Array(prefix.length + runtime.length)
  out.set(prefix, 0)
  out.set(runtime, prefix.length)
  return out
}

/** Hex of the stub, for tests and docs. */
export const JS_STUB_HEX: Hex = bytesToHex(STUB)

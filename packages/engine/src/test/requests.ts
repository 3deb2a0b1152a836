/**
 * Test helper: request builders with a fixed block context, and the engine configuration the
 * tests share.
 */
import { bytesToHex } from '@ethereumjs/util'
import type { Hex } from 'viem'
import type { BlockContext, EngineConfig, EngineRequest } from '../types.js'

export const ALICE: Hex = '0x00000000000000000000000000000000000a11ce'
export const BOB: Hex = '0x0000000000000000000000000000000000000b0b'
export const MC: Hex = '0x00000000000000000000000000000000000000cc'

export const testConfig: EngineConfig = {
  chainId: 31337n,
  coinbase: MC,
  maxProgramsPerRequest: 8,
  maxCreatesPerRequest: 4,
}

export const testBlock = {
  number: 100n,
  timestamp: 1_700_000_000n,
  parentHash: `0x${'ab'.repeat(32)}`,
  prevrandao: `0x${'5e'.repeat(32)}`,
} satisfies BlockContext

/** The write tag of request `n` (stands for acc_n). */
export function tag(n: number): Hex {
  return bytesToHex(new Uint8Array(32).fill(n))
}

export function deployRequest(address: Hex, initCode: Uint8Array, n = 1, caller: Hex = ALICE): EngineRequest {
  return {
    kind: 'deploy',
    caller,
    address,
    initCode,
    gasLimit: 5_000_000n,
    block: testBlock,
    writeTag: tag(n),
  }
}

export function callRequest(
  to: Hex,
  data: Hex | Uint8Array,
  n = 1,
  options: { caller?: Hex; gasLimit?: bigint; block?: BlockContext; static?: boolean } = {},
): EngineRequest {
  return {
    kind: 'call',
    caller: options.caller ?? ALICE,
    to,
    data: typeof data === 'string' ? hexBytes(data) : data,
    gasLimit: options.gasLimit ?? 1_000_000n,
    ...(options.static ? { static: true } : {}),
    block: options.block ?? testBlock,
    writeTag: tag(n),
  }
}

export function hexBytes(hex: Hex): Uint8Array {
  const clean = hex.slice(2)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

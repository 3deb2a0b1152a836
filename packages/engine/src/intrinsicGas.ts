/**
 * Transaction-level gas that `EVM.runCall` does not charge (D5: each request is its own
 * transaction, and its gas is what an osaka transaction of the same call would use).
 *
 * - Intrinsic gas (yellow paper G_transaction, EIP-2028 calldata, EIP-3860 initcode words):
 *   21000 + 4·zero bytes + 16·non-zero bytes, and for a creation + 32000 + 2·ceil(len/32).
 * - EIP-7623 floor: 21000 + 10·tokens, tokens = zero bytes + 4·non-zero bytes. A transaction
 *   pays at least the floor, after refunds.
 * - EIP-3529 refund cap: at most a fifth of the gas used before the refund.
 * - EIP-7825 cap: a transaction may not ask for more than 2^24 gas.
 */

export const TX_GAS = 21_000n
export const TX_CREATE_GAS = 32_000n
export const INITCODE_WORD_GAS = 2n
export const STANDARD_TOKEN_COST = 4n
export const FLOOR_TOKEN_COST = 10n
export const MAX_REFUND_QUOTIENT = 5n
export const TX_GAS_LIMIT_CAP = 1n << 24n

export type IntrinsicGas = {
  /** Charged before execution; execution gets `gasLimit - standard`. */
  standard: bigint
  /** EIP-7623 floor of the whole transaction. */
  floor: bigint
}

export function intrinsicGas(data: Uint8Array, isCreate: boolean): IntrinsicGas {
  let zeros = 0
  for (const byte of data) if (byte === 0) zeros++
  const tokens = BigInt(zeros + 4 * (data.length - zeros))
  let standard = TX_GAS + STANDARD_TOKEN_COST * tokens
  if (isCreate) standard += TX_CREATE_GAS + INITCODE_WORD_GAS * BigInt(Math.ceil(data.length / 32))
  return { standard, floor: TX_GAS + FLOOR_TOKEN_COST * tokens }
}

/** Gas used by the transaction: intrinsic + execution − capped refund, at least the floor. */
export function settleGas(intrinsic: IntrinsicGas, executionGasUsed: bigint, refund: bigint): bigint {
  const used = intrinsic.standard + executionGasUsed
  const net = used - smaller(refund, used / MAX_REFUND_QUOTIENT)
  return larger(net, intrinsic.floor)
}

/** The least gas limit a valid transaction with this data may carry. */
export function minimumGasLimit(intrinsic: IntrinsicGas): bigint {
  return larger(intrinsic.standard, intrinsic.floor)
}

// Math.min/max take no bigints.
function smaller(a: bigint, b: bigint): bigint {
  if (a < b) return a
  return b
}

function larger(a: bigint, b: bigint): bigint {
  if (a > b) return a
  return b
}

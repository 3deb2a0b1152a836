/**
 * Result sealing (docs/protocol.md P4, D4 "Results"):
 *
 * ```
 * k_res = HKDF-SHA256(resultBase, salt = empty, info = "racetee/v1/result-key" ‖ u64 seq ‖ acc_seq, 32)
 * nonce = keccak(u64 seq ‖ acc_seq)[0:12]
 * aad   = u256 chainId ‖ MC ‖ program ‖ u64 seq
 * sealed = AES-256-GCM-SIV(k_res, nonce, aad, paddedResultV1)
 * ```
 * One key and nonce per `(seq, acc_seq)`: the same key and nonce never cover two results.
 * `resultBase` comes from the request's HPKE exporter (hpkeOpen.ts), so only the envelope's
 * maker can derive k_res. Key, nonce and aad come from @racetee/protocol (`resultKey`,
 * `resultNonce`, `resultAad`), the same functions the SDK's `openResult` uses.
 *
 * Secrets: `resultBase` is the caller's and the caller wipes it after the last use. k_res is
 * derived here and wiped (`fill(0)`) before returning, on success and on failure. The padded
 * ResultV1 plaintext is SECRET and the caller's.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import { RESULT_BASE_LENGTH, resultAad, resultKey, resultNonce } from '@racetee/protocol'
import type { Address, Hex } from 'viem'
import { openSiv, sealSiv } from './aeadSiv.js'

export type ResultSealingContext = {
  /** SECRET: HPKE Export("racetee/v1/result", 32) of the request (32 bytes). */
  resultBase: Uint8Array
  seq: bigint
  /** acc_seq, the accumulator after this request. */
  acc: Hex
  chainId: bigint | number
  mc: Address
  program: Address
}

export type SealResultParameters = ResultSealingContext & {
  /** SECRET: `0x01 ‖ abi(ResultV1)` padded per P4 by the caller. */
  plaintext: Uint8Array
}

/** Seals one padded ResultV1; returns `ciphertext ‖ tag` (the bundle entry's `sealed`). */
export function sealResult(parameters: SealResultParameters): Uint8Array {
  const { plaintext } = parameters
  abytes(plaintext, undefined, 'plaintext')
  return withResultKey(parameters, (key, nonce, aad) => sealSiv({ key, nonce, aad, plaintext }))
}

export type OpenSealedResultParameters = ResultSealingContext & {
  /** `ciphertext ‖ tag` from the bundle entry. */
  sealed: Uint8Array
}

/**
 * Opens a sealed result to its padded plaintext (tests, the enclave's own checks). The SDK uses
 * protocol's `openResult`, which also unpads and decodes. Failure throws ENCLAVE_SEAL_OPEN_FAILED.
 * Returns the SECRET padded plaintext.
 */
export function openSealedResult(parameters: OpenSealedResultParameters): Uint8Array {
  const { sealed, seq, program } = parameters
  abytes(sealed, undefined, 'sealed')
  return withResultKey(parameters, (key, nonce, aad) =>
    openSiv({ key, nonce, aad, ciphertext: sealed, what: `result seq ${seq} program ${program}` }),
  )
}

function withResultKey<T>(
  context: ResultSealingContext,
  use: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) => T,
): T {
  const { resultBase, seq, acc, chainId, mc, program } = context
  abytes(resultBase, RESULT_BASE_LENGTH, 'resultBase')
  // Public inputs first, so a shape error never leaves a derived key behind.
  const nonce = resultNonce(seq, acc)
  const aad = resultAad(chainId, mc, program, seq)
  // SECRET: k_res (protocol's resultKey works on its own copy of resultBase and wipes that),
  // wiped here in `finally` whatever `use` does.
  const kRes = resultKey(resultBase, seq, acc)
  try {
    return use(kRes, nonce, aad)
  } finally {
    kRes.fill(0)
  }
}

/**
 * Per-request result sealing parameters (P4), pure functions shared by the client (`openResult`)
 * and the enclave (which seals). One key and one nonce per `(seq, acc_seq)`: the same key and
 * nonce can never cover two different results (D4).
 *
 * Secrets: `resultBase` and the returned key are secret; the caller wipes both after use.
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { type Address, concat, type Hex } from 'viem'
import { addressBytes } from '../encoding/addressBytes.js'
import { bytes32, fixedBytes } from '../encoding/fixedBytes.js'
import { labelBytes, protocolLabels } from '../encoding/labelBytes.js'
import { u64, u256 } from '../encoding/uintBytes.js'

/** AES-256-GCM-SIV nonce length. */
export const SIV_NONCE_LENGTH = 12

/** `k_res = HKDF-SHA256(resultBase, salt = empty, info = "racetee/v1/result-key" ‖ u64 seq ‖ acc_seq, 32)`. */
export function resultKey(resultBase: Uint8Array, seq: bigint, acc: Hex): Uint8Array {
  const ikm = fixedBytes(resultBase, 32, 'resultBase')
  try {
    const info = concat([labelBytes(protocolLabels.resultKey), u64(seq, 'seq'), bytes32(acc, 'acc')])
    return hkdf(sha256, ikm, new Uint8Array(0), info, 32)
  } finally {
    ikm.fill(0)
  }
}

/** `nonce = keccak(u64 seq ‖ acc_seq)[0:12]`. */
export function resultNonce(seq: bigint, acc: Hex): Uint8Array {
  return keccak_256(concat([u64(seq, 'seq'), bytes32(acc, 'acc')])).slice(0, SIV_NONCE_LENGTH)
}

/** `aad = u256 chainId ‖ MC ‖ program ‖ u64 seq`. */
export function resultAad(chainId: bigint | number, mc: Address, program: Address, seq: bigint): Uint8Array {
  return concat([
    u256(chainId, 'chainId'),
    addressBytes(mc, 'mc'),
    addressBytes(program, 'program'),
    u64(seq, 'seq'),
  ])
}

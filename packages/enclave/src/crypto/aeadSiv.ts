/**
 * AES-256-GCM-SIV (RFC 8452), the AEAD of every sealed result (P4), read answer (P8) and blob at
 * rest (P5). Nonce-misuse resistant, which suits RaceTEE's deterministic nonces: every honest
 * enclave seals the same plaintext to the same bytes (D4 "Determinism"), and a repeated
 * (key, nonce) leaks only whether two plaintexts are equal, never their content.
 * Built on `@noble/ciphers` (`gcmsiv`); checked against RFC 8452 Appendix C.2 in the test.
 *
 * Secrets: `key` is the caller's (k_res, K_p,v or the management key); this module never copies
 * it and the caller wipes it. `openSiv` returns SECRET plaintext; the caller wipes it when done.
 * @module
 */
import { gcmsiv } from '@noble/ciphers/aes.js'
import { abytes } from '@noble/hashes/utils.js'
import { errorCodes, RaceteeError, SIV_NONCE_LENGTH, SIV_TAG_LENGTH } from '@racetee/protocol'

// The nonce and tag lengths are wire facts (P4, P5), defined once in @racetee/protocol.
export { SIV_NONCE_LENGTH, SIV_TAG_LENGTH }
export const SIV_KEY_LENGTH = 32

export type SealSivParameters = {
  /** SECRET: AES-256 key, 32 bytes. */
  key: Uint8Array
  /** 12 bytes, deterministic in RaceTEE (P4, P5). */
  nonce: Uint8Array
  aad: Uint8Array
  /** SECRET: not modified, not retained. */
  plaintext: Uint8Array
}

/** Returns `ciphertext ‖ tag(16)`. */
export function sealSiv(parameters: SealSivParameters): Uint8Array {
  const { key, nonce, aad, plaintext } = parameters
  abytes(key, SIV_KEY_LENGTH, 'key')
  abytes(nonce, SIV_NONCE_LENGTH, 'nonce')
  abytes(aad, undefined, 'aad')
  abytes(plaintext, undefined, 'plaintext')
  return gcmsiv(key, nonce, aad).encrypt(plaintext)
}

export type OpenSivParameters = {
  /** SECRET: AES-256 key, 32 bytes. */
  key: Uint8Array
  nonce: Uint8Array
  aad: Uint8Array
  /** `ciphertext ‖ tag(16)`. */
  ciphertext: Uint8Array
  /** Public context for the error's details (e.g. a blob hash); never a secret. */
  what?: string | undefined
}

/**
 * Opens `ciphertext ‖ tag`. A wrong key, nonce, aad or a tampered ciphertext throws RaceteeError
 * ENCLAVE_SEAL_OPEN_FAILED: in the enclave a sealed blob that does not open is a fault (D5).
 */
export function openSiv(parameters: OpenSivParameters): Uint8Array {
  const { key, nonce, aad, ciphertext, what } = parameters
  abytes(key, SIV_KEY_LENGTH, 'key')
  abytes(nonce, SIV_NONCE_LENGTH, 'nonce')
  abytes(aad, undefined, 'aad')
  abytes(ciphertext, undefined, 'ciphertext')
  if (ciphertext.length < SIV_TAG_LENGTH) throw openFailed(what, 'shorter than the tag')
  try {
    return gcmsiv(key, nonce, aad).decrypt(ciphertext)
  } catch {
    // noble's message is fixed text without key or plaintext; it is still not kept as `cause`,
    // so nothing computed from secret state leaves the enclave in an error.
    throw openFailed(what, 'authentication failed')
  }
}

function openFailed(what: string | undefined, reason: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Sealed data did not open.', {
    details: what === undefined ? reason : `${what}: ${reason}`,
  })
}

/**
 * Stable error codes. A code, once released, is never reused for another meaning; retire it
 * by leaving it here with a comment. Grouped by the package that raises them.
 */
export const errorCodes = {
  // protocol: decoding and validation of wire formats
  PROTOCOL_MALFORMED: 'PROTOCOL_MALFORMED',
  PROTOCOL_UNSUPPORTED_VERSION: 'PROTOCOL_UNSUPPORTED_VERSION',
  PROTOCOL_TOO_LARGE: 'PROTOCOL_TOO_LARGE',
  /** A public key handed to the client side (HPKE recipient) is not a usable X25519 key. */
  PROTOCOL_KEY_INVALID: 'PROTOCOL_KEY_INVALID',
  /** A sealed result or answer does not open under the key the client derived (tampered or not ours). */
  PROTOCOL_DECRYPT_FAILED: 'PROTOCOL_DECRYPT_FAILED',

  // engine: faults of the execution engine (never outcomes: D5)
  ENGINE_PROGRAM_UNAVAILABLE: 'ENGINE_PROGRAM_UNAVAILABLE',
  ENGINE_DIGEST_MISMATCH: 'ENGINE_DIGEST_MISMATCH',
  ENGINE_INTERNAL: 'ENGINE_INTERNAL',

  // enclave: keys, envelopes, sealing, attestation, chain checks (D2.1, D4)
  ENCLAVE_NOT_INITIALISED: 'ENCLAVE_NOT_INITIALISED',
  ENCLAVE_EPOCH_UNKNOWN: 'ENCLAVE_EPOCH_UNKNOWN',
  ENCLAVE_SEAL_OPEN_FAILED: 'ENCLAVE_SEAL_OPEN_FAILED',
  ENCLAVE_ATTESTATION_INVALID: 'ENCLAVE_ATTESTATION_INVALID',
  ENCLAVE_BATCH_UNPROVEN: 'ENCLAVE_BATCH_UNPROVEN',
  ENCLAVE_BLOB_MISSING: 'ENCLAVE_BLOB_MISSING',
  ENCLAVE_BLOB_HASH_MISMATCH: 'ENCLAVE_BLOB_HASH_MISMATCH',
  /** A crypto library failed in a way that is no outcome (not a bad envelope): aborts the round. */
  ENCLAVE_CRYPTO_FAILED: 'ENCLAVE_CRYPTO_FAILED',
  ENCLAVE_INTERNAL: 'ENCLAVE_INTERNAL',

  // contracts / chain interaction
  CHAIN_CONTRACT_REVERT: 'CHAIN_CONTRACT_REVERT',
  CHAIN_RPC_FAILED: 'CHAIN_RPC_FAILED',

  // storage
  STORAGE_HASH_MISMATCH: 'STORAGE_HASH_MISMATCH',
  STORAGE_UNAUTHORISED: 'STORAGE_UNAUTHORISED',

  // tooling (compile scripts, test harnesses)
  TOOLING_FAILED: 'TOOLING_FAILED',
} as const

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes]

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
  ENCLAVE_KEY_VERSION_UNAVAILABLE: 'ENCLAVE_KEY_VERSION_UNAVAILABLE', // a program blob under a key version its Info no longer holds (D4)
  /** The enclave child process exited, or answered outside its interface (host side). */
  ENCLAVE_PROCESS_FAILED: 'ENCLAVE_PROCESS_FAILED',
  /** Provisioned epoch secret does not match the proven request public key, or is not for us. */
  ENCLAVE_PROVISIONING_INVALID: 'ENCLAVE_PROVISIONING_INVALID',
  ENCLAVE_ROTATION_REFUSED: 'ENCLAVE_ROTATION_REFUSED', // not due, or the member list is not the proven member set (D4)
  ENCLAVE_READ_SIGNER_MISMATCH: 'ENCLAVE_READ_SIGNER_MISMATCH', // a read query's signature is not its declared account's (D7)
  ENCLAVE_READ_EXPIRED: 'ENCLAVE_READ_EXPIRED', // a read query's expiry is before the proven header's time (D2.1, D7)
  ENCLAVE_READ_BINDING_MISMATCH: 'ENCLAVE_READ_BINDING_MISMATCH', // a read query bound to another chain, MC or an epoch not accepted (P8)
  ENCLAVE_READ_STATE_CHANGING: 'ENCLAVE_READ_STATE_CHANGING', // a read wrote storage, logged, created or sent value (D7)
  ENCLAVE_READ_GAS_CAP: 'ENCLAVE_READ_GAS_CAP', // a read ran out of the enclave's read gas cap (D7)

  // contracts / chain interaction
  CHAIN_CONTRACT_REVERT: 'CHAIN_CONTRACT_REVERT',
  CHAIN_RPC_FAILED: 'CHAIN_RPC_FAILED',
  /** A block header does not hash to what its verifier vouched for (D2.1). */
  CHAIN_HEADER_INVALID: 'CHAIN_HEADER_INVALID',
  /** An eth_getProof answer does not verify against the proven header's stateRoot (D2.1). */
  CHAIN_PROOF_INVALID: 'CHAIN_PROOF_INVALID',

  // storage
  STORAGE_HASH_MISMATCH: 'STORAGE_HASH_MISMATCH',
  STORAGE_UNAUTHORISED: 'STORAGE_UNAUTHORISED',
  STORAGE_BAD_REQUEST: 'STORAGE_BAD_REQUEST',
  STORAGE_NOT_FOUND: 'STORAGE_NOT_FOUND',
  STORAGE_TOO_LARGE: 'STORAGE_TOO_LARGE',
  /** A node could not be reached or answered with a server error. */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  STORAGE_CONFIRMATION_INVALID: 'STORAGE_CONFIRMATION_INVALID', // Availability answer malformed or mis-signed
  STORAGE_INTERNAL: 'STORAGE_INTERNAL',
  STORAGE_CONFIG_INVALID: 'STORAGE_CONFIG_INVALID', // bad flags, key file or chain at node start

  // executor (host daemon)
  EXECUTOR_CONFIG_INVALID: 'EXECUTOR_CONFIG_INVALID',
  EXECUTOR_STATE_CORRUPT: 'EXECUTOR_STATE_CORRUPT',
  /** Fewer than k storage nodes confirmed a batch's blobs. */
  EXECUTOR_CONFIRMATIONS_SHORT: 'EXECUTOR_CONFIRMATIONS_SHORT',
  EXECUTOR_ENCLAVE_EXCLUDED: 'EXECUTOR_ENCLAVE_EXCLUDED', // our enclave was vetoed or revoked: no rounds (D3.1)
  EXECUTOR_READ_RATE_LIMITED: 'EXECUTOR_READ_RATE_LIMITED', // a signer (or the node) sent more reads than the limit allows (D7)

  // sdk (user side, D8)
  SDK_INVALID_PARAMETER: 'SDK_INVALID_PARAMETER',
  /** The transaction has no `Request` log of this MC (not a RaceTEE request, or reverted). */
  SDK_REQUEST_NOT_FOUND: 'SDK_REQUEST_NOT_FOUND',
  /** No exporter secret is stored for the request: it was sent elsewhere or the store was lost. */
  SDK_SECRET_NOT_FOUND: 'SDK_SECRET_NOT_FOUND',
  /** No registered storage node served a results bundle matching the committed `resultsHash`. */
  SDK_RESULT_UNAVAILABLE: 'SDK_RESULT_UNAVAILABLE',
  SDK_TIMEOUT: 'SDK_TIMEOUT',
  /** The program ran and did not succeed (revert, out of gas, access denied...): status in details. */
  SDK_EXECUTION_FAILED: 'SDK_EXECUTION_FAILED',
  /** The secret store could not write or read a record (disk, permissions, unreadable record). */
  SDK_SECRET_STORE_FAILED: 'SDK_SECRET_STORE_FAILED',
  SDK_READ_STALE: 'SDK_READ_STALE', // a read answer is older than the caller's own last committed request (D7)
  SDK_READ_ANSWER_INVALID: 'SDK_READ_ANSWER_INVALID', // a read answer not signed by the executor's enclave, or not for this query
  SDK_READ_UNAVAILABLE: 'SDK_READ_UNAVAILABLE', // no live admitted executor answered a read (each tried in turn)

  // cli (the `racetee` command, D8)
  CLI_NO_DEVNET: 'CLI_NO_DEVNET', // no --rpc-url/--mc given and no running devnet (.racetee/devnet.json)
  CLI_RPC_UNREACHABLE: 'CLI_RPC_UNREACHABLE', // the RPC URL does not answer, or no MC is deployed at --mc
  CLI_WRONG_CHAIN: 'CLI_WRONG_CHAIN', // the RPC's chain id is not the one devnet.json or --chain-id names
  CLI_UNKNOWN_PROGRAM: 'CLI_UNKNOWN_PROGRAM', // no code at the address, not registered on the MC, or no known ABI
  CLI_UNKNOWN_FUNCTION: 'CLI_UNKNOWN_FUNCTION', // the program's ABI has no such function (or it is ambiguous)
  CLI_BAD_ARGUMENT: 'CLI_BAD_ARGUMENT', // an argument does not parse as its ABI type, or the count is wrong
  CLI_NO_FUNDS: 'CLI_NO_FUNDS', // the account's balance is below the request's fee plus gas
  CLI_BAD_INPUT: 'CLI_BAD_INPUT', // an unreadable artifact, program file, key or flag value

  // tooling (compile scripts, test harnesses)
  TOOLING_FAILED: 'TOOLING_FAILED',
} as const

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes]

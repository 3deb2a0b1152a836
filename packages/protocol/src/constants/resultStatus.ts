/**
 * Outcome codes of a request (D4 `ResultV1.status`, D5). Execution outcomes are data, never
 * thrown. All of them travel encrypted inside a sealed result, except `envelopeInvalid`, which
 * is the only public one: it marks an entry of the results bundle for which no result key
 * exists (the envelope's `enc` did not parse or its epoch is not accepted). Never renumber.
 */
export const resultStatus = {
  success: 0,
  /** The EVM reverted (at top level, or a refused call deeper that was not caught); returnData is the revert data. */
  reverted: 1,
  outOfGas: 2,
  /** Another exceptional halt: invalid opcode, stack fault, static-call violation, code too large. */
  evmHalt: 3,
  /** The HPKE ciphertext did not open: tampered, or replayed from another account, program or kind. */
  decryptFailed: 4,
  /** The envelope opened but its plaintext is not a valid body for the kind (padding, ABI shape). */
  malformedRequest: 5,
  /** The target program has no deployed code (never deployed, or its deploy failed). */
  programNotFound: 6,
  /** The immediate caller is not on the program's ACL, or an ACL change came from a non-admin. */
  accessDenied: 7,
  /** The request touched more than T programs or created more than C (D5). */
  limitExceeded: 8,
  /** The request tried to move ether; there is none inside the enclave (D5). */
  valueRefused: 9,
  /**
   * A JS program hit its sandbox's memory or stack cap without catching it (D5); the whole
   * request is refused with all its gas. Running out of fuel is `outOfGas`, as in the EVM.
   */
  sandboxLimit: 10,
} as const

export type ResultStatusName = keyof typeof resultStatus
export type ResultStatus = (typeof resultStatus)[ResultStatusName]

/** Public status of a results-bundle entry (D4). */
export const bundleEntryStatus = {
  /** `sealed` holds the AES-256-GCM-SIV sealed ResultV1. */
  sealed: 0,
  /** ENVELOPE_INVALID: no result key could be derived, `sealed` is empty. */
  envelopeInvalid: 1,
} as const

export type BundleEntryStatus = (typeof bundleEntryStatus)[keyof typeof bundleEntryStatus]

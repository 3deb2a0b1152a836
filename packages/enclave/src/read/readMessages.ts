/**
 * The read call across the enclave's process boundary (D2, D7, P8): what the host passes and
 * what it gets back. Plain serialisable data; imported by the host through
 * `@racetee/enclave/process-api`, so this file imports types only.
 */
import type { Address, Hex } from 'viem'

export type ReadCallParams = {
  /** The block whose verified header the read runs at (the host's head; the enclave proves it). */
  atBlock: bigint
  /** The account the query claims to come from (the host rate-limits by it; the enclave checks it). */
  account: Address
  /** The epoch whose request key sealed the query. */
  epoch: bigint
  /** The query envelope (P8). */
  envelope: Hex
}

export type ReadCallResult = {
  /** The sealed, padded `ReadAnswerV1` (P8). */
  sealed: Hex
  /** The enclave's signature over EIP-712 `ReadAnswer {queryHash, answerHash, commitId, toSeq}`. */
  signature: Hex
  commitId: Hex
  toSeq: bigint
  /** The proven header the read ran at. */
  blockNumber: bigint
}

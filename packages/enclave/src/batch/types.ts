/**
 * The batch interface between the untrusted host and the enclave (D2, D7 "Round"). Everything
 * is plain, serialisable data (hex strings and bigints) so it can cross the process boundary
 * of issue 3 unchanged. The host supplies requests and chain facts; the enclave returns only
 * ciphertext, hashes and signatures.
 */
import type { Address, Hex } from 'viem'

/** One accumulator entry as the host read it from a `Request` log and its block (P2). */
export type BatchRequest = {
  seq: bigint
  blockNumber: bigint
  timestamp: bigint
  /** `blockhash(blockNumber - 1)`. */
  parentHash: Hex
  kind: number
  program: Address
  caller: Address
  epoch: bigint
  gasLimit: bigint
  /** The envelope as sent (for a rotation: not used, see `rotationStructHash`). */
  payload: Hex
  /** For a rotation entry only: the EIP-712 struct hash folded into the accumulator. */
  rotationStructHash?: Hex
}

/** The last accepted commit, the batch's starting point (D3.3 check 1). */
export type CommitAnchor = {
  commitId: Hex
  toBlock: bigint
  toSeq: bigint
  acc: Hex
}

/** What the chain says about a program: registered and its stored digest (D3.3 check 3). */
export type ProgramRecord = {
  registered: boolean
  digest: Hex
  /**
   * Registered by a `createProgram` request after the batch's `toBlock`: counted in the program
   * count at the fact block, but not part of this batch's state (`registered` is false, its
   * deploy has not run). Decision 19.
   */
  registeredLater?: boolean
}

/**
 * Chain facts the enclave relies on. Issue 2 takes them from the host as given; issue 3 puts a
 * `ChainView` with storage proofs behind the same shape (D2.1), and nothing else changes.
 */
export interface ChainFacts {
  /** The last commit and the checkpoint covering `toBlock` (ring entry or live values). */
  lastCommit(): Promise<CommitAnchor>
  checkpointAt(toBlock: bigint): Promise<{ seq: bigint; acc: Hex }>
  program(address: Address): Promise<ProgramRecord>
}

/** Where sealed blobs come from (storage nodes via the host). Bytes are re-hashed by the enclave. */
export interface BlobSource {
  get(hash: Hex): Promise<Uint8Array>
}

export type BatchInput = {
  toBlock: bigint
  /** Every entry of blocks (lastCommit.toBlock, toBlock], ascending by seq. */
  requests: BatchRequest[]
  beneficiary: Address
  /** Every registered program, for the batch that re-seals Info at a grace period's end (D4). */
  programs?: Address[]
}

export type BatchOutput = {
  body: import('@racetee/protocol').CommitBody
  commitId: Hex
  /** The enclave's signature over `Commit {body, beneficiary}`. */
  signature: Hex
  beneficiary: Address
  /** Every blob the batch wrote (the bundle included), ascending by hash: `blobsRoot` covers exactly these. */
  blobs: { hash: Hex; bytes: Uint8Array }[]
  resultsBundle: Uint8Array
  /** Lets storage nodes accept `blobs` (D6). */
  storeAuthorization: Hex
}

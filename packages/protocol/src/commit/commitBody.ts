/**
 * TypeScript shapes of the EIP-712 `CommitBody` and `Commit` (P6, D3.3), matching
 * `commitBodyTypes` / `commitTypes` field for field so viem can hash them as they are.
 */
import type { Address, Hex } from 'viem'

/** A registered program the batch loaded and did not change, with the digest it relied on (`0x0`: not deployed). */
export type ProgramRead = { program: Address; digest: Hex }
/** A registered program whose digest changed (`prevDigest = 0x0` for a deploy). */
export type ProgramUpdate = { program: Address; prevDigest: Hex; newDigest: Hex }
/** A program created inside the enclave by another program (D5 factories). */
export type ProgramCreated = { program: Address; creator: Address; digest: Hex }

export type CommitBody = {
  /** `0x0` for the first commit. */
  prevCommit: Hex
  /** The last commit's `toBlock + 1`. */
  fromBlock: bigint
  toBlock: bigint
  toSeq: bigint
  accAfter: Hex
  /** The newest epoch the batch used. */
  epoch: bigint
  /** Sorted by program, no duplicates (P0). */
  reads: ProgramRead[]
  updates: ProgramUpdate[]
  created: ProgramCreated[]
  resultsHash: Hex
  blobsRoot: Hex
}

/** What the enclave signs: the body and who gets the fees (D3.3). */
export type Commit = { body: CommitBody; beneficiary: Address }

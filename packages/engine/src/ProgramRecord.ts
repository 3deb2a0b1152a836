/**
 * What the engine knows of one account during a batch. An account is loaded at most once per
 * batch (D5 lazy loading) and its storage page by page; everything after that is in memory.
 */
import type { Address } from '@ethereumjs/util'
import type { Hex } from 'viem'

export type ProgramRecord = {
  readonly address: Address
  /** Lowercase 0x-hex: the key of every map, so ordering by it is ordering by 20-byte number. */
  readonly hex: Hex
  /** The loader said it is a registered program (D3.1). */
  readonly registered: boolean
  /** Registered, or deployed/created inside this batch: only programs are reported. */
  program: boolean
  /** Counted against T (D3 limits): registered, or created by an earlier request of the batch. */
  countable: boolean
  exists: boolean
  nonce: bigint
  code: Uint8Array
  codeHash: Uint8Array
  /** Current non-zero slots of every loaded page, slot key (64 hex) to minimal value. */
  storage: Map<string, Uint8Array>
  /** Pages (63-hex keys) already loaded. */
  pages: Set<string>
  /** True when the loader holds no storage for it (not deployed before the batch): never load pages. */
  storageKnown: boolean
  /** The creating program, for programs created by a factory in this batch (D5). */
  creator: Hex | null
  /** Code was deployed or created by the request now running (journaled, cleared at request end). */
  fresh: boolean
  /** Write tags of the last successful request that changed each part (D4 "At rest"). */
  codeTag: Hex | null
  nonceTag: Hex | null
  pageTags: Map<string, Hex>
}

/** The journaled account part of a record, restored on revert. */
export type AccountSnapshot = Pick<
  ProgramRecord,
  'exists' | 'nonce' | 'code' | 'codeHash' | 'program' | 'creator' | 'fresh'
>

export function snapshotOf(rec: ProgramRecord): AccountSnapshot {
  return {
    exists: rec.exists,
    nonce: rec.nonce,
    code: rec.code,
    codeHash: rec.codeHash,
    program: rec.program,
    creator: rec.creator,
    fresh: rec.fresh,
  }
}

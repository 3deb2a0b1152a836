/**
 * The engine's public contract with the enclave (D5). The engine executes plaintext requests
 * deterministically over EVM accounts loaded lazily through a `ProgramLoader`; it knows
 * nothing of keys, envelopes, sealing or the chain. Everything here is plain data so the
 * enclave can seal it and build the commit in canonical order.
 */
import type { ResultStatus } from '@racetee/protocol'
import type { Address, Hex } from 'viem'

/** Block context of one request (D5 "Block context"), bound on chain by the accumulator. */
export type BlockContext = {
  number: bigint
  timestamp: bigint
  /** `blockhash(number - 1)`; every other `blockhash` is zero. */
  parentHash: Hex
  /**
   * Confidential randomness, D4: HKDF(E_e, "racetee/v1/random" ‖ acc_before). 32 bytes, or a
   * function giving them, called at most once and only when the request reads PREVRANDAO: most
   * requests never do, and the derivation was 2 % of a confidential transfer (issue 7).
   */
  prevrandao: Hex | (() => Hex)
}

export type EngineConfig = {
  chainId: bigint
  /** `block.coinbase` inside the enclave: the management contract (D5). */
  coinbase: Address
  /** T of D3: most programs one request may touch. */
  maxProgramsPerRequest: number
  /** C of D3: most programs one request may create. */
  maxCreatesPerRequest: number
}

/** A program's account as of the start of the batch. Storage is loaded page by page. */
export type LoadedAccount = {
  nonce: bigint
  /** Runtime bytecode (EVM). */
  code: Uint8Array
}

/**
 * Where the engine gets state it has not seen in this batch. Implemented by the enclave over
 * sealed blobs checked against proven digests. A loader fault (missing blob, bad digest) must
 * throw a RaceteeError: it aborts the round and never becomes an outcome (D5).
 */
export interface ProgramLoader {
  /**
   * Whether `address` is a registered confidential program (on chain, or created earlier in
   * this batch by the engine itself is handled by the engine). Registered-but-undeployed
   * programs are registered with no account.
   */
  isProgram(address: Address): Promise<boolean>
  /** The program's account, or null when it is not registered or not yet deployed. */
  loadAccount(address: Address): Promise<LoadedAccount | null>
  /** The non-zero slots of one page (page = slot >> 4), keyed by offset 0..15, 32-byte values. */
  loadPage(address: Address, page: bigint): Promise<ReadonlyMap<number, Uint8Array>>
}

/** Who may call a program (D5 "Access"): checked against the immediate caller at every program boundary. */
export interface AccessPolicy {
  isAllowed(caller: Address, program: Address): Promise<boolean>
}

/** A program's access after a change through the ACL precompile (D5 "Admin"). */
export type ProgramAccessChange = {
  program: Address
  /** The whole new ACL (empty: public). */
  acl: Address[]
  /** The admin after the change (the old one unless the change named a new one). */
  admin: Address
}

/**
 * An `AccessPolicy` that also knows programs' admins and keeps the changes program admins make
 * through the ACL precompile (D5 "Admin"): the enclave's, over programs' Info. The engine holds
 * a running request's changes itself (they follow the EVM's checkpoints) and hands them over
 * only when the request succeeds; from then on `isAllowed` and `adminOf` must answer with them.
 * A plain `AccessPolicy` (or none) makes the engine keep the batch's changes in memory itself.
 */
export interface AdminPolicy extends AccessPolicy {
  /**
   * The program's admin as of now in the batch, or null when the policy knows none; the engine
   * then takes the creator of a program created earlier in this batch (D5 factories).
   */
  adminOf(program: Address): Promise<Address | null>
  /** A request changed access and succeeded: its net changes, ascending by program. */
  recordAccessChanges(changes: readonly ProgramAccessChange[], writeTag: Hex): Promise<void>
}

export type ExecutionLog = { address: Address; topics: Hex[]; data: Hex }

/** One request, already opened and decoded by the enclave. Each is its own transaction (D5). */
export type EngineRequest =
  | {
      kind: 'call'
      caller: Address
      to: Address
      data: Uint8Array
      gasLimit: bigint
      /**
       * Run as a static call (STATICCALL semantics; D7 reads): SSTORE, LOG, CREATE,
       * SELFDESTRUCT or a call with value anywhere in it halts its frame. Default false.
       */
      static?: boolean
      block: BlockContext
      /** acc_seq of this request: recorded as `acc_w` of every page it changes (D4 "At rest"). */
      writeTag: Hex
    }
  | {
      kind: 'deploy'
      caller: Address
      /** The program's address (its CREATE2 proxy on chain): the code is deployed here. */
      address: Address
      initCode: Uint8Array
      gasLimit: bigint
      block: BlockContext
      writeTag: Hex
    }

/** Execution outcome: data, never thrown (house style: EVM halts are returned as data). */
export type ExecutionOutcome = {
  status: ResultStatus
  /** Ethereum gas of the request as its own transaction: intrinsic + execution − capped refund. */
  gasUsed: bigint
  returnData: Uint8Array
  logs: ExecutionLog[]
  /** Set only when a static call (`static: true`) halted because it tried to change state. */
  staticViolation?: true
}

/** A page changed by the batch: its full non-zero content after the batch, and its last writer. */
export type ChangedPage = {
  page: bigint
  /** Non-zero slots after the batch, ascending by offset (empty: the page became all zero). */
  slots: { offset: number; value: Uint8Array }[]
  writeTag: Hex
}

/** A program whose account changed in the batch. */
export type ChangedProgram = {
  address: Address
  /** Set when the program was created in this batch by another program (D5 factories). */
  creator: Address | null
  /** Set when the program's code was deployed in this batch (deploy request or factory). */
  code: { code: Uint8Array; writeTag: Hex } | null
  /** Set when the nonce changed; the tag is the last request that changed it. */
  nonce: { nonce: bigint; writeTag: Hex } | null
  /** Ascending by page. */
  pages: ChangedPage[]
}

/** Everything the enclave needs to seal and commit a batch, in canonical order (D5). */
export type BatchChanges = {
  /** Ascending by address. */
  changed: ChangedProgram[]
  /** Registered programs loaded (or probed) but not changed, ascending by address (`reads` of the commit). */
  loaded: Address[]
}

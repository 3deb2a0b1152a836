/**
 * The EVM's state (D5 "A program's state is its EVM account"), loaded lazily through a
 * `ProgramLoader`: an account the first time the EVM touches its address, storage one page
 * (16 slots, P1) the first time any slot of the page is read or written.
 *
 * Checkpoints are an undo log rather than copies of the state (SimpleStateManager copies every
 * map per checkpoint): a message costs only what it writes. Loads are not journaled: they add
 * batch pre-state, which stays true whatever is reverted. No ether exists (D5): every balance
 * reads as zero. Per request it counts the programs touched against T and keeps the
 * request-level "original" values that EIP-2200/3529 gas needs.
 */
import type { AccountFields, StateManagerInterface } from '@ethereumjs/common'
import { Account, type Address, bytesToUnprefixedHex, KECCAK256_NULL, KECCAK256_RLP } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { RaceteeError } from '@racetee/protocol'
import { refuseLimit } from './engineSignals.js'
import type { LoaderGate } from './LoaderGate.js'
import { type AccountSnapshot, type ProgramRecord, snapshotOf } from './ProgramRecord.js'
import { checkedPageEntry, EMPTY_VALUE, minimalValue, pageOfSlot, slotInPage } from './storageValues.js'

/** One undo entry: a slot's previous value, or an account's previous fields. */
export type UndoEntry =
  | { rec: ProgramRecord; slot: string; prev: Uint8Array | undefined }
  | { rec: ProgramRecord; slot: null; prev: AccountSnapshot }

export class LazyStateManager implements StateManagerInterface {
  readonly records = new Map<string, ProgramRecord>()
  /** Net writes of the running request, oldest first (reverted frames removed). */
  readonly undo: UndoEntry[] = []
  private readonly marks: number[] = []
  private readonly touched = new Set<string>()
  private readonly originals = new Map<string, Uint8Array>()
  private maxTouched = Number.POSITIVE_INFINITY

  readonly originalStorageCache = {
    get: (address: Address, key: Uint8Array): Promise<Uint8Array> => this.originalValue(address, key),
    clear: (): void => this.originals.clear(),
  }

  constructor(private readonly gate: LoaderGate) {}

  /** D5: each request is its own transaction; `maxTouched` is T. */
  beginRequest(maxTouched: number): void {
    this.undo.length = 0
    this.marks.length = 0
    this.touched.clear()
    this.originals.clear()
    this.maxTouched = maxTouched
  }

  /** Rolls the running request back entirely (refusal, or a failed top-level frame). */
  rollbackRequest(): void {
    this.revertTo(0)
    this.marks.length = 0
  }

  async record(address: Address): Promise<ProgramRecord> {
    const hex = address.toString()
    let rec = this.records.get(hex)
    if (rec === undefined) {
      rec = await this.gate.loadRecord(address, hex)
      this.records.set(hex, rec)
    }
    if (rec.countable && !this.touched.has(hex)) {
      this.touched.add(hex)
      if (this.touched.size > this.maxTouched) refuseLimit()
    }
    return rec
  }

  async getAccount(address: Address): Promise<Account | undefined> {
    const rec = await this.record(address)
    if (!rec.exists) return undefined
    return new Account(rec.nonce, 0n, KECCAK256_RLP, rec.codeHash)
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    const rec = await this.record(address)
    const exists = account !== undefined
    const nonce = account?.nonce ?? 0n
    if (rec.exists === exists && rec.nonce === nonce) return
    this.journalAccount(rec)
    rec.exists = exists
    rec.nonce = nonce
  }

  async deleteAccount(address: Address): Promise<void> {
    const rec = await this.record(address)
    this.journalAccount(rec)
    rec.exists = false
    rec.nonce = 0n
    rec.code = EMPTY_VALUE
    rec.codeHash = KECCAK256_NULL
    this.clearSlots(rec)
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const account = (await this.getAccount(address)) ?? new Account()
    if (fields.nonce !== undefined) account.nonce = fields.nonce
    await this.putAccount(address, account)
  }

  async putCode(address: Address, value: Uint8Array): Promise<void> {
    const rec = await this.record(address)
    this.journalAccount(rec)
    rec.exists = true
    rec.code = value
    rec.codeHash = keccak_256(value)
  }

  async getCode(address: Address): Promise<Uint8Array> {
    return (await this.record(address)).code
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.record(address)).code.length
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    const rec = await this.record(address)
    const slot = bytesToUnprefixedHex(key)
    if (!rec.storageKnown) await this.ensurePage(rec, pageOfSlot(slot))
    return rec.storage.get(slot) ?? EMPTY_VALUE
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const rec = await this.record(address)
    const slot = bytesToUnprefixedHex(key)
    if (!rec.storageKnown) await this.ensurePage(rec, pageOfSlot(slot))
    this.undo.push({ rec, slot, prev: rec.storage.get(slot) })
    const v = minimalValue(value)
    if (v.length === 0) rec.storage.delete(slot)
    else rec.storage.set(slot, v)
  }

  async clearStorage(address: Address): Promise<void> {
    this.clearSlots(await this.record(address))
  }

  /** A program created by `creator` (D5 factories), or deployed by a request (creator null). */
  markDeployed(rec: ProgramRecord, creator: string | null): void {
    this.journalAccount(rec)
    rec.program = true
    rec.fresh = true
    if (creator !== null) rec.creator = creator as ProgramRecord['creator']
  }

  async checkpoint(): Promise<void> {
    this.marks.push(this.undo.length)
  }

  async commit(): Promise<void> {
    this.marks.pop()
  }

  async revert(): Promise<void> {
    this.revertTo(this.marks.pop() ?? 0)
  }

  async flush(): Promise<void> {}

  clearCaches(): void {}

  getStateRoot(): Promise<Uint8Array> {
    return unsupported('getStateRoot')
  }

  setStateRoot(): Promise<void> {
    return unsupported('setStateRoot')
  }

  hasStateRoot(): Promise<boolean> {
    return unsupported('hasStateRoot')
  }

  shallowCopy(): StateManagerInterface {
    return unsupported('shallowCopy')
  }

  private async originalValue(address: Address, key: Uint8Array): Promise<Uint8Array> {
    // First read in the request is the value at request start: SSTORE reads the original
    // before it writes, so no slot is written before its original is cached (EIP-2200).
    const id = address.toString() + bytesToUnprefixedHex(key)
    const known = this.originals.get(id)
    if (known !== undefined) return known
    const value = await this.getStorage(address, key)
    this.originals.set(id, value)
    return value
  }

  private async ensurePage(rec: ProgramRecord, page: string): Promise<void> {
    if (rec.pages.has(page)) return
    const slots = await this.gate.loadPage(rec.hex, page)
    for (const [offset, value] of slots) {
      const v = checkedPageEntry(offset, value, rec.hex)
      if (v.length > 0) rec.storage.set(slotInPage(page, offset), v)
    }
    rec.pages.add(page)
  }

  private clearSlots(rec: ProgramRecord): void {
    if (!rec.storageKnown) {
      // Only accounts without stored state can be created over or self-destructed (EIP-6780).
      throw new RaceteeError('ENGINE_INTERNAL', 'Storage clear of a program with stored state', {
        details: rec.hex,
      })
    }
    for (const [slot, prev] of rec.storage) this.undo.push({ rec, slot, prev })
    rec.storage.clear()
  }

  private journalAccount(rec: ProgramRecord): void {
    this.undo.push({ rec, slot: null, prev: snapshotOf(rec) })
  }

  private revertTo(mark: number): void {
    for (let i = this.undo.length - 1; i >= mark; i--) {
      const entry = this.undo[i]!
      if (entry.slot === null) Object.assign(entry.rec, entry.prev)
      else if (entry.prev === undefined) entry.rec.storage.delete(entry.slot)
      else entry.rec.storage.set(entry.slot, entry.prev)
    }
    this.undo.length = mark
  }
}

function unsupported(what: string): never {
  throw new RaceteeError('ENGINE_INTERNAL', 'Not supported by the engine state', { details: what })
}

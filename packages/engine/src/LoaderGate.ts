/**
 * The engine's only door to a `ProgramLoader`. It turns what the loader returns into
 * `ProgramRecord`s and makes every loader failure a `RaceteeError`: a fault aborts the round
 * and must never become an outcome, or two enclaves would disagree (D5 "Faults are not outcomes").
 */
import type { Address } from '@ethereumjs/util'
import { KECCAK256_NULL } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { isRaceteeError, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import type { ProgramRecord } from './ProgramRecord.js'
import { EMPTY_VALUE } from './storageValues.js'
import type { ProgramLoader } from './types.js'

export class LoaderGate {
  constructor(private readonly loader: ProgramLoader) {}

  async loadRecord(address: Address, hex: string): Promise<ProgramRecord> {
    const registered = await this.guard(() => this.loader.isProgram(hex as Hex), hex)
    const base = registered ? await this.guard(() => this.loader.loadAccount(hex as Hex), hex) : null
    const code = base?.code ?? EMPTY_VALUE
    // An account with neither nonce nor code has no storage either (EIP-161 empty).
    const storageKnown = base === null || (base.nonce === 0n && code.length === 0)
    return {
      address,
      hex: hex as Hex,
      registered,
      program: registered,
      countable: registered,
      exists: base !== null,
      nonce: base?.nonce ?? 0n,
      code,
      codeHash: code.length === 0 ? KECCAK256_NULL : keccak_256(code),
      storage: new Map(),
      pages: new Set(),
      storageKnown,
      creator: null,
      fresh: false,
      codeTag: null,
      nonceTag: null,
      pageTags: new Map(),
    }
  }

  async loadPage(hex: Hex, page: string): Promise<ReadonlyMap<number, Uint8Array>> {
    return this.guard(() => this.loader.loadPage(hex, BigInt(`0x${page}`)), hex)
  }

  private async guard<T>(load: () => Promise<T>, hex: string): Promise<T> {
    try {
      return await load()
    } catch (err) {
      if (isRaceteeError(err)) throw err
      throw new RaceteeError('ENGINE_PROGRAM_UNAVAILABLE', 'Program loader failed', {
        details: hex,
        cause: err,
      })
    }
  }
}

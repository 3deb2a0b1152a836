/**
 * Test helper: the programs' state carried from one batch to the next, as the enclave does by
 * sealing `changes()` and loading the blobs back (D5, P5). `apply` merges a batch's changes
 * (nonce, code, whole pages); `loader()` serves the result through a fresh `MemoryLoader`.
 */
import type { Hex } from 'viem'
import type { BatchChanges } from '../types.js'
import { MemoryLoader, type MemoryProgram } from './MemoryLoader.js'

export class CarriedState {
  private readonly programs = new Map<string, MemoryProgram | null>()

  /** A program registered before any batch (`null`: registered, not yet deployed). */
  register(address: Hex, program: MemoryProgram | null): this {
    this.programs.set(address.toLowerCase(), program)
    return this
  }

  apply(changes: BatchChanges): this {
    for (const change of changes.changed) {
      const key = change.address.toLowerCase()
      const prior = this.programs.get(key) ?? {}
      const storage = new Map(prior.storage ?? [])
      for (const { page, slots } of change.pages) {
        // A changed page comes whole: its old slots go, its non-zero slots come.
        for (const slot of [...storage.keys()]) if (slot >> 4n === page) storage.delete(slot)
        for (const { offset, value } of slots) storage.set((page << 4n) | BigInt(offset), value)
      }
      this.programs.set(key, {
        nonce: change.nonce?.nonce ?? prior.nonce ?? 1n,
        code: change.code?.code ?? prior.code ?? new Uint8Array(0),
        storage,
      })
    }
    return this
  }

  loader(): MemoryLoader {
    const loader = new MemoryLoader()
    for (const [address, program] of this.programs) loader.register(address as Hex, program)
    return loader
  }
}

/**
 * Test helper: an in-memory `ProgramLoader` (the enclave's real one opens sealed blobs). It
 * records every call so tests can assert lazy loading, and can be told to fail to test faults.
 */
import type { Address, Hex } from 'viem'
import type { LoadedAccount, ProgramLoader } from '../types.js'

export type MemoryProgram = {
  nonce?: bigint
  code?: Uint8Array
  /** Slots by number, 32-byte values. */
  storage?: Map<bigint, Uint8Array>
}

export class MemoryLoader implements ProgramLoader {
  readonly calls: string[] = []
  private readonly programs = new Map<string, MemoryProgram | null>()
  fail: ((what: string) => unknown) | undefined

  /** Registers a program; `null` registers it without an account (not yet deployed). */
  register(address: Hex, program: MemoryProgram | null): this {
    this.programs.set(address.toLowerCase(), program)
    return this
  }

  async isProgram(address: Address): Promise<boolean> {
    this.record(`isProgram ${address}`)
    return this.programs.has(address.toLowerCase())
  }

  async loadAccount(address: Address): Promise<LoadedAccount | null> {
    this.record(`loadAccount ${address}`)
    const program = this.programs.get(address.toLowerCase())
    if (program === undefined || program === null) return null
    return { nonce: program.nonce ?? 1n, code: program.code ?? new Uint8Array(0) }
  }

  async loadPage(address: Address, page: bigint): Promise<ReadonlyMap<number, Uint8Array>> {
    this.record(`loadPage ${address} ${page}`)
    const slots = new Map<number, Uint8Array>()
    for (const [slot, value] of this.programs.get(address.toLowerCase())?.storage ?? []) {
      if (slot >> 4n === page) slots.set(Number(slot & 15n), value)
    }
    return slots
  }

  private record(call: string): void {
    this.calls.push(call)
    const failure = this.fail?.(call)
    if (failure !== undefined) throw failure
  }
}

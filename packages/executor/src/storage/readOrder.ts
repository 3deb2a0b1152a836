/**
 * The order in which the host asks storage nodes for a blob (D6: "`GET` returns bytes that the
 * reader re-hashes", issue 6: read from any node). Reads are spread: each fetch starts at the
 * next node in turn, so no single node carries every read. A node that served bytes not
 * matching their name, or did not answer, is moved to the back of the order for a while, so
 * a faulty node costs one failed request per penalty period rather than one per blob.
 */
import type { Address } from 'viem'

export type ReadOrderParameters = {
  /** Clock in ms (tests pass their own). */
  now?: () => number
}

export class ReadOrder {
  readonly #now: () => number
  /** Signer (lower case) → time until which the node goes last. */
  readonly #penalties = new Map<string, number>()
  #turn = 0

  constructor(parameters: ReadOrderParameters = {}) {
    this.#now = parameters.now ?? Date.now
  }

  /** `nodes` rotated to start at the next node in turn, penalised nodes moved to the back. */
  order<T extends { signer: Address }>(nodes: readonly T[]): T[] {
    if (nodes.length === 0) return []
    const start = this.#turn++ % nodes.length
    const rotated = [...nodes.slice(start), ...nodes.slice(0, start)]
    const now = this.#now()
    const penalised = (node: T) => (this.#penalties.get(node.signer.toLowerCase()) ?? 0) > now
    for (const [signer, until] of this.#penalties) if (until <= now) this.#penalties.delete(signer)
    return [...rotated.filter((n) => !penalised(n)), ...rotated.filter(penalised)]
  }

  /** Sends `signer` to the back for `ms` (a later, longer penalty wins). */
  penalise(signer: Address, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ms must be a duration >= 0')
    const key = signer.toLowerCase()
    const until = this.#now() + ms
    this.#penalties.set(key, Math.max(until, this.#penalties.get(key) ?? 0))
  }
}

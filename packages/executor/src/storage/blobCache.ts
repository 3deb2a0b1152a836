/**
 * A bounded in-memory cache of blobs by hash for the host (D7): blobs this executor stored or
 * fetched are kept so the next round can hand them to the enclave without a storage round
 * trip, and a brief storage outage does not stop execution. Safe because blobs are content-
 * addressed ciphertext or public hashes, and the enclave re-hashes every byte it is served.
 * Least recently used entries are dropped once `maxBytes` is exceeded.
 */
import type { Hex } from 'viem'

export class BlobCache {
  readonly #entries = new Map<string, Uint8Array>()
  readonly #maxBytes: number
  #bytes = 0

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError('maxBytes must be a size in bytes')
    this.#maxBytes = maxBytes
  }

  get size(): number {
    return this.#entries.size
  }

  get(hash: Hex): Uint8Array | undefined {
    const key = hash.toLowerCase()
    const bytes = this.#entries.get(key)
    if (bytes) {
      // Map order is insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key)
      this.#entries.set(key, bytes)
    }
    return bytes
  }

  set(hash: Hex, bytes: Uint8Array): void {
    if (bytes.length > this.#maxBytes) return
    const key = hash.toLowerCase()
    const previous = this.#entries.get(key)
    if (previous) {
      this.#entries.delete(key)
      this.#bytes -= previous.length
    }
    this.#entries.set(key, bytes)
    this.#bytes += bytes.length
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break
      this.#entries.delete(oldest)
      this.#bytes -= old.length
    }
  }
}

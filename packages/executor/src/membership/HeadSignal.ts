/**
 * Waiting for the chain to move past a block, driven by the head follower (D7: WebSocket
 * subscription with a polling safety net) instead of sleeping: `push` is fed every head the
 * follower sees (repeats and stale ones included), `beyond(n)` settles with the first head > n.
 * A join waits for its admission to take effect this way (D3.1 admission delay).
 */
export class HeadSignal {
  #latest = -1n
  #closed: unknown = undefined
  #isClosed = false
  readonly #waiters = new Set<{ after: bigint; resolve(head: bigint): void; reject(err: unknown): void }>()

  /** The highest head seen so far, or -1n before the first. */
  get latest(): bigint {
    return this.#latest
  }

  push(head: bigint): void {
    if (head <= this.#latest) return
    this.#latest = head
    for (const waiter of this.#waiters)
      if (head > waiter.after) {
        this.#waiters.delete(waiter)
        waiter.resolve(head)
      }
  }

  /** The first head above `after` (at once if already seen). */
  beyond(after: bigint): Promise<bigint> {
    if (this.#isClosed) return Promise.reject(this.#closed)
    if (this.#latest > after) return Promise.resolve(this.#latest)
    return new Promise((resolve, reject) => this.#waiters.add({ after, resolve, reject }))
  }

  /** Fails every waiter, now and later, with `reason` (shutdown). */
  close(reason: unknown): void {
    this.#isClosed = true
    this.#closed = reason
    for (const waiter of this.#waiters) waiter.reject(reason)
    this.#waiters.clear()
  }
}

/**
 * Reads run at lower priority than every other enclave call (D7): a read starts only when no
 * call (a round's batch, an admission, a rotation...) is running or queued, and reads run one at
 * a time. A call that arrives while a read runs does not wait for it: it starts at once and the
 * two share the event loop until the read ends, which its gas cap bounds. So a round is never
 * queued behind a read, and reads fill the gaps between rounds.
 */
export class ReadLane {
  #busy = 0
  #idle: (() => void)[] = []
  #reads: Promise<unknown> = Promise.resolve()

  /** Marks the main lane busy until `settled` settles (pass each queued call's promise). */
  hold(settled: Promise<unknown>): void {
    this.#busy++
    const done = () => {
      this.#busy--
      if (this.#busy === 0) for (const wake of this.#idle.splice(0)) wake()
    }
    settled.then(done, done)
  }

  /** Runs `read` after every earlier read, once the main lane is idle. */
  read<T>(read: () => Promise<T>): Promise<T> {
    const run = this.#reads.then(() => this.#whenIdle()).then(read)
    this.#reads = run.catch(() => undefined)
    return run
  }

  /** Whether a call is running or queued (reads wait while it is). */
  get mainBusy(): boolean {
    return this.#busy > 0
  }

  #whenIdle(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }
}

/**
 * Capped exponential backoff with jitter, and a sleep that an AbortSignal cuts short, for the
 * storage client's retries (D6, D7: a node that is down is asked again, less and less often,
 * never more than once per cap). Jitter keeps executors that lost the same node from
 * re-sending in lockstep when it returns.
 */

export type Backoff = {
  /** Delay before the first retry, in ms. */
  baseMs: number
  /** Longest delay, in ms: a node that comes back is asked again within this. */
  capMs: number
}

/** The delay before retry number `attempt` (0 for the first): base·2^attempt, at most cap, times [0.5, 1). */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError('attempt must be an integer >= 0')
  const { baseMs, capMs } = backoff
  if (!(baseMs > 0) || !(capMs >= baseMs)) throw new RangeError('backoff needs 0 < baseMs <= capMs')
  // 2^attempt overflows nothing that matters: the cap applies first once attempt passes ~50.
  const full = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 52))
  return Math.round(full * (0.5 + random() / 2))
}

/** Waits `ms`; resolves true when the time passed, false as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (slept: boolean) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(slept)
    }
    const onAbort = () => done(false)
    const timer = setTimeout(() => done(true), ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

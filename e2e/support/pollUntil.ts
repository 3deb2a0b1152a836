/**
 * Waits for a condition across processes by asking again (the executor's health endpoint, the
 * chain), never by sleeping a guessed time: returns the first value `probe` yields, or fails
 * after `timeoutMs` naming what it waited for and the last thing it saw.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'

export type PollUntilParameters = {
  /** What is awaited, for the timeout message. */
  what: string
  timeoutMs: number
  intervalMs?: number
}

/** `probe` returns undefined for "not yet"; a thrown error also counts as "not yet". */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  parameters: PollUntilParameters,
): Promise<T> {
  const { what, timeoutMs, intervalMs = 100 } = parameters
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive')
  const deadline = performance.now() + timeoutMs
  let last = 'no answer yet'
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
      last = 'not yet'
    } catch (err) {
      last = err instanceof RaceteeError ? err.code : (err as Error).name
    }
    if (performance.now() >= deadline)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A polled condition did not hold in time.', {
        details: `${what}: ${last} after ${timeoutMs} ms`,
      })
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

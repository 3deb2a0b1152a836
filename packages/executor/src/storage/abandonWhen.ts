/**
 * An AbortSignal that aborts once a condition polled in the background holds, for callers of
 * `StorageNetwork.store` that must give up waiting for k confirmations when waiting became
 * pointless (D7: the race was lost, so this batch will never be committed). The round would
 * use it as `abandonWhen({ check: async () => (await facts.lastCommit()).commitId !== prevCommit })`.
 * A check that throws (an RPC hiccup) is not a reason to give up: it is asked again next time.
 */

export type AbandonWhenParameters = {
  /** True when the wait should end. */
  check: () => Promise<boolean>
  /** Between checks (default 1 s); the first check runs after one interval. */
  intervalMs?: number
  /** A parent signal (shutdown): aborting it aborts this one. */
  signal?: AbortSignal
}

export type AbandonWhenReturnType = {
  signal: AbortSignal
  /** Ends the polling (call it once the wait is over, whatever its outcome). */
  stop: () => void
}

export function abandonWhen(parameters: AbandonWhenParameters): AbandonWhenReturnType {
  const { check, intervalMs = 1000, signal: parent } = parameters
  if (!(intervalMs > 0)) throw new RangeError('intervalMs must be positive')
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const stop = () => {
    stopped = true
    clearTimeout(timer)
    parent?.removeEventListener('abort', onParent)
  }
  const onParent = () => {
    stop()
    controller.abort(parent?.reason)
  }
  const poll = async () => {
    let done = false
    try {
      done = await check()
    } catch {
      // Not knowing is no reason to abandon: ask again at the next interval.
    }
    if (stopped) return
    if (done) {
      stop()
      controller.abort()
      return
    }
    arm()
  }
  const arm = () => {
    timer = setTimeout(() => void poll(), intervalMs)
    timer.unref()
  }
  if (parent?.aborted) onParent()
  else {
    parent?.addEventListener('abort', onParent, { once: true })
    arm()
  }
  return { signal: controller.signal, stop }
}

/**
 * Progress lines of a bench run: one line per finished phase, with the time since the run
 * began and the phase's own duration, so a long run shows where it is and where time went.
 */
export type Progress = {
  /** Runs `fn`, then prints `[elapsed] label (duration)`; on failure prints the phase that failed. */
  phase<T>(label: string, fn: () => Promise<T>, summary?: (value: T) => string): Promise<T>
  note(line: string): void
}

export function createProgress(
  print: (line: string) => void,
  now: () => number = () => performance.now(),
): Progress {
  const start = now()
  const stamp = () => `[${((now() - start) / 1000).toFixed(1).padStart(6)} s]`
  return {
    async phase(label, fn, summary) {
      const began = now()
      try {
        const value = await fn()
        const took = ((now() - began) / 1000).toFixed(1)
        print(`${stamp()} ${label} (${took} s)${summary ? `: ${summary(value)}` : ''}`)
        return value
      } catch (err) {
        print(`${stamp()} ${label} FAILED`)
        throw err
      }
    },
    note(line) {
      print(`${stamp()} ${line}`)
    },
  }
}

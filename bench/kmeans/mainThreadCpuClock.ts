/**
 * CPU time of the main thread, in milliseconds (issue 7, D9's K-Means timing). On a shared
 * machine wall time charges a run for waiting on a core, and a 500 ms sandbox run waits far more
 * often than a 12 ms native one, so the ratio of wall times grows with the load of other
 * processes; CPU time does not. The main thread's own figure (Linux: `/proc/self/task/<pid>/
 * schedstat`, nanoseconds on the CPU) leaves out V8's helper threads (concurrent GC and JIT
 * compilation), which would otherwise be charged to whichever side happened to run beside them.
 * Where that file cannot be read, the process's `process.cpuUsage()` (all threads) stands in.
 */
import { readFileSync } from 'node:fs'

export type CpuClock = { readonly source: 'main thread' | 'process'; now(): number }

export function mainThreadCpuClock(): CpuClock {
  const path = `/proc/self/task/${process.pid}/schedstat`
  const read = (): number | null => {
    try {
      const ns = Number(readFileSync(path, 'utf8').split(' ')[0])
      return Number.isFinite(ns) ? ns / 1e6 : null
    } catch {
      return null
    }
  }
  if (read() !== null) return { source: 'main thread', now: () => read() ?? Number.NaN }
  return {
    source: 'process',
    now: () => {
      const { user, system } = process.cpuUsage()
      return (user + system) / 1000
    },
  }
}

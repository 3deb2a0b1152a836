/**
 * CPU time of this process so far, in milliseconds (issue 7, D9's K-Means timing). On a shared
 * machine wall time charges a run for waiting on a core, and a 500 ms sandbox run waits far more
 * often than a 12 ms native one, so the ratio of wall times grows with the load of other
 * processes; CPU time does not.
 *
 * `process.cpuUsage()` (getrusage) is exact to the microsecond but counts every thread, V8's
 * helpers (concurrent GC, JIT compilation) included: about 1 ms of the 12 ms native run
 * here, so the native figure is a little high and the ratio a little low. The main thread's own
 * figure in `/proc/self/task/<pid>/schedstat` would leave the helpers out, but is only updated at
 * scheduler ticks (steps of up to 4 ms measured here), too coarse for a 12 ms run.
 */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/**
 * Which calls a fault proxy fails (issue 6, D7 "RPC faults"): exactly one in every window of
 * `every` consecutive calls, at a position drawn from a seed, so a run is reproducible (the same
 * seed fails the same call numbers) yet the failures do not fall on a fixed stride that a
 * retry loop of the same period could step around. The draw hashes `seed ‖ window` with SHA-256
 * from node:crypto: a test schedule, not a secret.
 */
import { createHash } from 'node:crypto'

export type FaultSchedule = {
  /** Whether call number `n` (0-based, in arrival order) fails. */
  fails(n: number): boolean
  /** A second seeded draw for call `n`, for choosing how it fails. */
  coin(n: number): boolean
}

export function faultSchedule(parameters: { every: number; seed: string }): FaultSchedule {
  const { every, seed } = parameters
  if (!Number.isSafeInteger(every) || every < 1) throw new RangeError('every must be an integer ≥ 1')
  const draw = (label: string, n: number) =>
    createHash('sha256').update(`${seed}:${label}:${n}`).digest().readUInt32BE(0)
  return {
    fails: (n) => {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('n must be an integer ≥ 0')
      return n % every === draw('window', Math.floor(n / every)) % every
    },
    coin: (n) => draw('coin', n) % 2 === 0,
  }
}

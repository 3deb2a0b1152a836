/**
 * `npm run bench` flags (issue 7): `--quick` (few repetitions, a smoke run), `--only <name>`
 * (one workload, `engine` for the enclave throughput alone, `kmeans` for the chain workload and
 * the sandbox timing), `--out <dir>` (default bench/results). Unknown flags and names are
 * refused with the list of valid ones, never ignored.
 */
import { parseArgs } from 'node:util'
import { benchWorkloadKeys } from './chain/benchWorkloadKeys.js'

export const onlyChoices = [...benchWorkloadKeys, 'engine'] as const
export type OnlyChoice = (typeof onlyChoices)[number]

export type BenchFlags = { quick: boolean; only: OnlyChoice | null; out: string }

export function parseBenchFlags(args: readonly string[], defaultOut: string): BenchFlags {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  })
  const only = values.only ?? null
  if (only !== null && !(onlyChoices as readonly string[]).includes(only))
    throw new RangeError(`--only must be one of ${onlyChoices.join(', ')}`)
  return { quick: values.quick ?? false, only: only as OnlyChoice | null, out: values.out ?? defaultOut }
}

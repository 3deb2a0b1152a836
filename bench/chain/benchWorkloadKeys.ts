/** Every chain workload `npm run bench` measures, by the key `--only` takes, in run order. */
export const benchWorkloadKeys = [
  'erc20',
  'dex',
  'auction',
  'factory',
  'quickselect',
  'cal',
  'intercontract',
  'kmeans',
] as const

export type BenchWorkloadKey = (typeof benchWorkloadKeys)[number]

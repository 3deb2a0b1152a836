/**
 * Canonical order of P0: addresses and hashes ascending as unsigned integers. For hex strings of
 * equal length that is the order of their lower-cased text, independent of checksum casing.
 */
import type { Hex } from 'viem'

export function compareHex(a: Hex, b: Hex): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (x.length !== y.length) return x.length - y.length
  return x < y ? -1 : x > y ? 1 : 0
}

/** True when `items`, keyed by `key`, are strictly ascending (sorted, no duplicates). */
export function isStrictlyAscending<T>(items: readonly T[], key: (item: T) => Hex): boolean {
  for (let i = 1; i < items.length; i++) if (compareHex(key(items[i - 1]!), key(items[i]!)) >= 0) return false
  return true
}

/** `acc_s = keccak(abi(bytes32 acc_{s-1}, bytes32 entry_s))` (P2). */
import { encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { bytes32 } from '../encoding/fixedBytes.js'
import { accumulatorEntryHash } from './accumulatorEntryHash.js'
import type { RequestEntry } from './requestEntry.js'

/** Folds one request into the accumulator. `entry` may be the entry itself or its hash. */
export function accumulate(acc: Hex, entry: RequestEntry | Hex): Hex {
  bytes32(acc, 'acc')
  const entryHash = typeof entry === 'string' ? entry : accumulatorEntryHash(entry)
  bytes32(entryHash, 'entry')
  return keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [acc, entryHash]))
}

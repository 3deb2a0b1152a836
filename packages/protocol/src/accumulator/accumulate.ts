/** `acc_s = keccak(abi(bytes32 acc_{s-1}, bytes32 entry_s))` (P2): two words, no hex in between. */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, type Hex } from 'viem'
import { ABI_WORD, writeBytes32Word } from '../encoding/abiWords.js'
import { accumulatorEntryHash } from './accumulatorEntryHash.js'
import type { RequestEntry } from './requestEntry.js'

/** Folds one request into the accumulator. `entry` may be the entry itself or its hash. */
export function accumulate(acc: Hex, entry: RequestEntry | Hex): Hex {
  const out = new Uint8Array(2 * ABI_WORD)
  writeBytes32Word(out, 0, acc, 'acc')
  writeBytes32Word(out, ABI_WORD, typeof entry === 'string' ? entry : accumulatorEntryHash(entry), 'entry')
  return bytesToHex(keccak_256(out))
}

/**
 * `entry_s = keccak(abi(seq, blockNumber, timestamp, parentHash, kind, program, caller, epoch, gasLimit, payloadHash))` (P2).
 * Ten static words, written straight into one buffer (abiWords.ts; the enclave hashes one entry
 * per request, issue 7); `requestEntryAbi` names them in this order.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, type Hex } from 'viem'
import { ABI_WORD, writeAddressWord, writeBytes32Word, writeUintWord } from '../encoding/abiWords.js'
import type { RequestEntry } from './requestEntry.js'

export function accumulatorEntryHash(entry: RequestEntry): Hex {
  const out = new Uint8Array(10 * ABI_WORD)
  writeUintWord(out, 0, entry.seq, 64, 'entry.seq')
  writeUintWord(out, ABI_WORD, entry.blockNumber, 64, 'entry.blockNumber')
  writeUintWord(out, 2 * ABI_WORD, entry.timestamp, 64, 'entry.timestamp')
  writeBytes32Word(out, 3 * ABI_WORD, entry.parentHash, 'entry.parentHash')
  writeUintWord(out, 4 * ABI_WORD, entry.kind, 8, 'entry.kind')
  writeAddressWord(out, 5 * ABI_WORD, entry.program, 'entry.program')
  writeAddressWord(out, 6 * ABI_WORD, entry.caller, 'entry.caller')
  writeUintWord(out, 7 * ABI_WORD, entry.epoch, 64, 'entry.epoch')
  writeUintWord(out, 8 * ABI_WORD, entry.gasLimit, 64, 'entry.gasLimit')
  writeBytes32Word(out, 9 * ABI_WORD, entry.payloadHash, 'entry.payloadHash')
  return bytesToHex(keccak_256(out))
}

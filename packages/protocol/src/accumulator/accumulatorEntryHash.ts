/** `entry_s = keccak(abi(seq, blockNumber, timestamp, parentHash, kind, program, caller, epoch, gasLimit, payloadHash))` (P2). */
import { encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { bytes32 } from '../encoding/fixedBytes.js'
import { assertUint } from '../encoding/uintBytes.js'
import { type RequestEntry, requestEntryAbi } from './requestEntry.js'

export function accumulatorEntryHash(entry: RequestEntry): Hex {
  assertUint(entry.seq, 64, 'entry.seq')
  assertUint(entry.blockNumber, 64, 'entry.blockNumber')
  assertUint(entry.timestamp, 64, 'entry.timestamp')
  bytes32(entry.parentHash, 'entry.parentHash')
  assertUint(entry.kind, 8, 'entry.kind')
  assertUint(entry.epoch, 64, 'entry.epoch')
  assertUint(entry.gasLimit, 64, 'entry.gasLimit')
  bytes32(entry.payloadHash, 'entry.payloadHash')
  return keccak256(
    encodeAbiParameters(requestEntryAbi, [
      entry.seq,
      entry.blockNumber,
      entry.timestamp,
      entry.parentHash,
      entry.kind,
      entry.program,
      entry.caller,
      entry.epoch,
      entry.gasLimit,
      entry.payloadHash,
    ]),
  )
}

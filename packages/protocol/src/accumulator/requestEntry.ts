/**
 * One entry of the request accumulator (P2, D3.2): everything the MC binds about a request.
 * The enclave recomputes the chain of entries over what its host fed it and must land on the
 * proven checkpoint (D2.1), so no request can be invented, dropped or reordered.
 */
import type { Address, Hex } from 'viem'
import type { RequestKind } from '../constants/requestKinds.js'

export type RequestEntry = {
  /** Starts at 1; `acc_0` belongs to seq 0. */
  seq: bigint
  blockNumber: bigint
  timestamp: bigint
  /** `blockhash(blockNumber - 1)`. */
  parentHash: Hex
  kind: RequestKind
  /** `0x0` for a rotation. */
  program: Address
  /** The account that called the MC or the proxy (or sent `rotate`). */
  caller: Address
  /** The epoch the payload is encrypted to; for a rotation, the new epoch. */
  epoch: bigint
  /** `0` for a rotation. */
  gasLimit: bigint
  /** `keccak(payload)` as sent; for a rotation, `rotationStructHash` (P2). */
  payloadHash: Hex
}

/** ABI shape of an entry, in the order hashed (P2). */
export const requestEntryAbi = [
  { name: 'seq', type: 'uint64' },
  { name: 'blockNumber', type: 'uint64' },
  { name: 'timestamp', type: 'uint64' },
  { name: 'parentHash', type: 'bytes32' },
  { name: 'kind', type: 'uint8' },
  { name: 'program', type: 'address' },
  { name: 'caller', type: 'address' },
  { name: 'epoch', type: 'uint64' },
  { name: 'gasLimit', type: 'uint64' },
  { name: 'payloadHash', type: 'bytes32' },
] as const

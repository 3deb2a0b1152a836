/**
 * The block hash of a JSON-RPC block (D2.1): rebuilds the header's RLP from the fields an
 * `eth_getBlockByNumber` answer carries and hashes it, so a header is accepted only when its
 * fields are exactly the ones its hash commits to (the `stateRoot` the proofs are checked
 * against above all).
 *
 * Field order is the consensus header's: 15 fields since Frontier (the pre-merge `mixHash` and
 * `nonce` kept), then one per fork that added one: baseFeePerGas (London), withdrawalsRoot
 * (Shanghai), blobGasUsed and excessBlobGas (Cancun), parentBeaconBlockRoot (Cancun),
 * requestsHash (Prague; still the last field at osaka, D3). A later fork's field present without
 * an earlier one is malformed.
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Hex, hexToBytes, isHex, keccak256, numberToHex, toRlp } from 'viem'

/** How a field is encoded: fixed-length byte strings keep their length, integers are minimal. */
type FieldKind = { bytes: number } | 'uint' | 'data'

const hash32 = { bytes: 32 } as const

const baseFields = [
  ['parentHash', hash32],
  ['sha3Uncles', hash32],
  ['miner', { bytes: 20 }],
  ['stateRoot', hash32],
  ['transactionsRoot', hash32],
  ['receiptsRoot', hash32],
  ['logsBloom', { bytes: 256 }],
  ['difficulty', 'uint'],
  ['number', 'uint'],
  ['gasLimit', 'uint'],
  ['gasUsed', 'uint'],
  ['timestamp', 'uint'],
  ['extraData', 'data'],
  ['mixHash', hash32],
  ['nonce', { bytes: 8 }],
] as const satisfies readonly (readonly [string, FieldKind])[]

/** Appended in fork order; a header carries a prefix of this list. */
const forkFields = [
  ['baseFeePerGas', 'uint'],
  ['withdrawalsRoot', hash32],
  ['blobGasUsed', 'uint'],
  ['excessBlobGas', 'uint'],
  ['parentBeaconBlockRoot', hash32],
  ['requestsHash', hash32],
] as const satisfies readonly (readonly [string, FieldKind])[]

/** The header fields of an `eth_getBlockByNumber` answer, as hex strings (the rest is ignored). */
export type RpcBlockHeader = Record<string, unknown> & { hash?: unknown; number?: unknown }

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_HEADER_INVALID, 'Block header is malformed.', { details })
}

function encodeField(name: string, kind: FieldKind, value: unknown): Hex {
  if (typeof value !== 'string' || !isHex(value, { strict: true })) throw invalid(`${name} is not hex`)
  if (kind === 'uint') {
    // JSON-RPC quantities: "0x0" is zero, which RLP encodes as the empty string.
    const n = BigInt(value)
    return n === 0n ? '0x' : numberToHex(n, { size: Math.ceil(n.toString(16).length / 2) })
  }
  if (value.length % 2 !== 0) throw invalid(`${name} has an odd number of hex digits`)
  if (kind !== 'data' && value.length !== 2 + kind.bytes * 2)
    throw invalid(`${name} is not ${kind.bytes} bytes`)
  return value
}

/** The RLP list of the header's fields, in consensus order. */
export function rpcBlockHeaderRlp(block: RpcBlockHeader): Hex {
  const items: Hex[] = baseFields.map(([name, kind]) => encodeField(name, kind, block[name]))
  let missing: string | undefined
  for (const [name, kind] of forkFields) {
    const value = block[name]
    if (value === undefined || value === null) {
      missing ??= name
      continue
    }
    if (missing) throw invalid(`${name} is present but ${missing} is not`)
    items.push(encodeField(name, kind, value))
  }
  return toRlp(items)
}

/** keccak of the header's RLP: the block hash its fields commit to. */
export function rpcBlockHeaderHash(block: RpcBlockHeader): Hex {
  return keccak256(hexToBytes(rpcBlockHeaderRlp(block)))
}

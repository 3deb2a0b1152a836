/**
 * Reads without a transaction (P8, D7): the query an account signs and the body of its query
 * envelope, `abi(ReadQuery query, bytes signature)`.
 */
import { type Address, encodeAbiParameters, type Hex, hashTypedData, hexToBytes } from 'viem'
import { type RaceteeDomain, readQueryTypes } from '../eip712/types.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'

export type ReadQuery = {
  /** The externally owned account that signs; `msg.sender` of the read. */
  account: Address
  program: Address
  /** ABI calldata. */
  data: Hex
  epoch: bigint
  /** Unix seconds, checked against the proven header's time (D2.1). */
  expiry: bigint
}

export type ReadQueryBody = { query: ReadQuery; signature: Hex }

const readQueryBodyAbi = [
  {
    type: 'tuple',
    components: [
      { name: 'account', type: 'address' },
      { name: 'program', type: 'address' },
      { name: 'data', type: 'bytes' },
      { name: 'epoch', type: 'uint64' },
      { name: 'expiry', type: 'uint64' },
    ],
  },
  { type: 'bytes' },
] as const

export function encodeReadQueryBody({ query, signature }: ReadQueryBody): Uint8Array {
  return hexToBytes(encodeAbiParameters(readQueryBodyAbi, [query, signature]))
}

export function decodeReadQueryBody(body: Uint8Array): ReadQueryBody {
  const [query, signature] = decodeAbiStrict(readQueryBodyAbi, body, 'Read query body')
  return { query: { ...query }, signature }
}

/** The digest the account signs: EIP-712 `ReadQuery` in the deployment domain. */
export function readQuerySigningHash(domain: RaceteeDomain, query: ReadQuery): Hex {
  return hashTypedData({ domain, types: readQueryTypes, primaryType: 'ReadQuery', message: query })
}

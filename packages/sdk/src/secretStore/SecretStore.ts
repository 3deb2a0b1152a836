/**
 * The store in which the SDK keeps each request's exporter secret between sending and reading
 * its result (D8: "persists the request's exporter secret under (chainId, txHash) in a store
 * the caller can replace"). An interface, so a browser app can back it with IndexedDB and a
 * server with its own vault; `memorySecretStore` and `fileSecretStore` (`@racetee/sdk/node`)
 * are the two the SDK ships.
 *
 * Secrets: `SecretRecord.resultBase` is SECRET (it derives the result key, P4). A store must
 * never log a record, never put one in an error, and hand out copies the caller may wipe.
 */
import type { RequestKind } from '@racetee/protocol'
import type { Address, Hex } from 'viem'

/** Everything needed to open a request's result later, possibly in another process. */
export type SecretRecord = {
  /** SECRET: HPKE Export("racetee/v1/result", 32) of the request's envelope (P4). */
  resultBase: Uint8Array
  chainId: bigint
  /** The management contract the request went to. */
  mc: Address
  program: Address
  kind: RequestKind
  /** The account that sent the request (bound into the envelope's aad, P3). */
  caller: Address
  /** keccak of the envelope: the `payloadHash` the MC folds into the accumulator (P2). */
  envelopeHash: Hex
}

/** Asynchronous so that stores may write to disk or a remote vault before the SDK sends. */
export type SecretStore = {
  /** Stores a copy of `record` under `key`, durably, replacing any record there. */
  put(key: string, record: SecretRecord): Promise<void>
  /** A copy of the record under `key`, or undefined. The caller wipes its `resultBase`. */
  get(key: string): Promise<SecretRecord | undefined>
  /** Forgets `key`; no error when it is absent. */
  delete(key: string): Promise<void>
}

/**
 * Keys are short and filename-safe so that any store can use them as names: digits, ASCII
 * letters, `.`, `-` and `:` only. `_` is kept out so a store can map `:` to it injectively.
 */
const KEY_PATTERN = /^[0-9A-Za-z.:-]{1,200}$/

/** TypeError unless `key` is a valid store key (see KEY_PATTERN). */
export function assertSecretKey(key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key))
    throw new TypeError('key must be 1-200 characters of [0-9A-Za-z.:-]')
}

/** D8's key: `${chainId}:${txHash}`, the hash in lower case. */
export function txSecretKey(chainId: bigint | number, txHash: Hex): string {
  return `${BigInt(chainId)}:${txHash.toLowerCase()}`
}

/**
 * The key a JSON-RPC account's record is kept under before its transaction hash is known
 * (the wallet signs and sends in one step): `${chainId}:envelope:${envelopeHash}`.
 */
export function envelopeSecretKey(chainId: bigint | number, envelopeHash: Hex): string {
  return `${BigInt(chainId)}:envelope:${envelopeHash.toLowerCase()}`
}

/** A copy whose `resultBase` the receiver may wipe without touching the original. */
export function copySecretRecord(record: SecretRecord): SecretRecord {
  return { ...record, resultBase: Uint8Array.from(record.resultBase) }
}

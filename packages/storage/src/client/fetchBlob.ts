/**
 * Fetches one blob from a storage node and re-hashes it (D6: "`GET` returns bytes that the
 * reader re-hashes"): a node is untrusted for content, so bytes that do not hash to the name
 * asked for are refused, never returned. Browser-safe: global `fetch` unless one is given.
 */
import { bytes32, errorCodes, RaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, keccak256 } from 'viem'
import { storageResponseError, storageUnreachable } from './storageResponseError.js'
import { storageUrl } from './storageUrl.js'

export type FetchBlobParameters = {
  /** The node's base URL, e.g. `http://127.0.0.1:8545` (a trailing slash is fine). */
  url: string
  /** keccak256 of the blob. */
  hash: Hex
  fetch?: typeof globalThis.fetch
  signal?: AbortSignal
}

export type FetchBlobReturnType = Uint8Array

export type FetchBlobErrorType = RaceteeError | TypeError | RangeError

export async function fetchBlob(parameters: FetchBlobParameters): Promise<FetchBlobReturnType> {
  const { url, hash, fetch: doFetch = globalThis.fetch, signal } = parameters
  const name = bytesToHex(bytes32(hash, 'hash'))
  const target = storageUrl(url, `/v1/blobs/${name}`)
  let response: Response
  try {
    response = await doFetch(target, signal ? { signal } : {})
  } catch (cause) {
    throw storageUnreachable(target, cause)
  }
  if (!response.ok) throw await storageResponseError(response, `GET ${name}`)
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (cause) {
    throw storageUnreachable(target, cause)
  }
  const got = keccak256(bytes)
  if (got !== name)
    throw new RaceteeError(
      errorCodes.STORAGE_HASH_MISMATCH,
      'Storage node served a blob that does not match.',
      {
        details: `asked ${name}, got bytes hashing to ${got} from ${url}`,
      },
    )
  return bytes
}

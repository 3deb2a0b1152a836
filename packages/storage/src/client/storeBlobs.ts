/**
 * Sends every blob of one commit to a storage node under the enclave's store authorisation
 * (D6, docs/storage-api.md) and returns the node's `Availability` confirmation, after checking
 * that its signature recovers to the signer it names over
 * `Availability {prevCommit, blobsRoot}` in this deployment's domain (P6). Whether that signer
 * is a registered storage node is the caller's question (the MC counts only registered ones).
 * Browser-safe: global `fetch` unless one is given.
 *
 * A caller sending one batch to many nodes, or again and again (the executor's threshold store
 * and repairer, D6), encodes it once with `encodeStoreRequest` and passes `body`: a 64 MiB batch
 * is then one buffer however many times it is sent.
 */
import { availabilitySigningHash, errorCodes, RaceteeError, raceteeDomain } from '@racetee/protocol'
import { type Address, type Hex, isAddress, isAddressEqual, isHex, recoverAddress } from 'viem'
import { storageResponseError, storageUnreachable } from './storageResponseError.js'
import { storageUrl } from './storageUrl.js'
import type { SignedStoreAuthorization } from './storeAuthorization.js'
import { encodeStoreRequest } from './storeRequestCodec.js'

export type StoreBlobsParameters = {
  /** The node's base URL. */
  url: string
  chainId: bigint | number
  /** The management contract: with `chainId`, the EIP-712 domain of the confirmation. */
  mc: Address
  authorization: SignedStoreAuthorization
  fetch?: typeof globalThis.fetch
  signal?: AbortSignal
} & (
  | { blobs: readonly Uint8Array[]; body?: undefined }
  /** `encodeStoreRequest(authorization, blobs)`, already encoded; the node checks it matches. */
  | { body: Uint8Array; blobs?: undefined }
)

export type StoreBlobsReturnType = {
  /** The node's signing address. */
  signer: Address
  /** Its EIP-712 signature over `Availability {prevCommit, blobsRoot}`. */
  signature: Hex
  /** How many distinct blobs of the commit the node holds. */
  stored: number
}

export type StoreBlobsErrorType = RaceteeError | TypeError | RangeError

export async function storeBlobs(parameters: StoreBlobsParameters): Promise<StoreBlobsReturnType> {
  const { url, chainId, mc, authorization, fetch: doFetch = globalThis.fetch, signal } = parameters
  const target = storageUrl(url, '/v1/store')
  const body = parameters.body ?? encodeStoreRequest(authorization, parameters.blobs)
  if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array')
  let response: Response
  try {
    response = await doFetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
      ...(signal ? { signal } : {}),
    })
  } catch (cause) {
    throw storageUnreachable(target, cause)
  }
  if (!response.ok) throw await storageResponseError(response, `POST store ${authorization.blobsRoot}`)

  const invalid = (details: string) =>
    new RaceteeError(errorCodes.STORAGE_CONFIRMATION_INVALID, 'Storage node confirmation is invalid.', {
      details: `${url}: ${details}`,
    })
  let answer: unknown
  try {
    answer = await response.json()
  } catch (cause) {
    // An abort (the caller's timeout) while the body streams is the node not answering.
    if (signal?.aborted) throw storageUnreachable(target, cause)
    throw invalid('answer is not JSON')
  }
  const { signer, signature, stored } = (answer ?? {}) as Record<string, unknown>
  if (typeof signer !== 'string' || !isAddress(signer, { strict: false })) throw invalid('no signer address')
  if (typeof signature !== 'string' || !isHex(signature) || signature.length !== 132)
    throw invalid('no 65-byte signature')
  if (typeof stored !== 'number' || !Number.isSafeInteger(stored) || stored < 0)
    throw invalid('no stored count')

  const hash = availabilitySigningHash(raceteeDomain(chainId, mc), {
    prevCommit: authorization.prevCommit,
    blobsRoot: authorization.blobsRoot,
  })
  let recovered: Address
  try {
    recovered = await recoverAddress({ hash, signature })
  } catch {
    throw invalid('signature does not recover')
  }
  if (!isAddressEqual(recovered, signer)) throw invalid(`signature is by ${recovered}, not ${signer}`)
  return { signer: recovered, signature, stored }
}

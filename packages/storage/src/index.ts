/**
 * @racetee/storage: the storage node of D6 and its browser-safe client.
 *
 * This entry point is the client only (`fetchBlob`, `storeBlobs`), safe for the SDK in a
 * browser: no Node-only imports. The node itself (HTTP server, disk store, confirmations) is
 * `@racetee/storage/server`. Invariants: a blob is returned only after it re-hashed to its name;
 * a confirmation is returned only after its signature recovered to its signer.
 */

export {
  type FetchBlobErrorType,
  type FetchBlobParameters,
  type FetchBlobReturnType,
  fetchBlob,
} from './client/fetchBlob.js'
export type { SignedStoreAuthorization } from './client/storeAuthorization.js'
export {
  type StoreBlobsErrorType,
  type StoreBlobsParameters,
  type StoreBlobsReturnType,
  storeBlobs,
} from './client/storeBlobs.js'
export {
  type DecodedStoreRequest,
  decodeStoreRequest,
  encodeStoreRequest,
} from './client/storeRequestCodec.js'

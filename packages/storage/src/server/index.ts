/**
 * @racetee/storage/server: the storage node of D6 (Node only).
 *
 * Owns: the HTTP server, the disk blob store, the node key, the Availability confirmations.
 * Does not own: which nodes are registered (governance, on the MC), repair (executors re-send
 * what a node missed), retention (none yet: every confirmed blob is kept), anything in the
 * clear (it holds ciphertext only). Invariants: a confirmation is signed only after every blob
 * of the batch is fsynced; nothing is stored without an admitted enclave's authorisation; a
 * blob is served only after re-hashing to its name.
 */

export {
  type AvailabilitySigner,
  type CreateAvailabilitySignerParameters,
  createAvailabilitySigner,
} from './availabilitySigner.js'
export { type BlobRead, BlobStore, type BlobStoreLogger, blobName } from './blobStore.js'
export {
  type CreateStorageServerParameters,
  createStorageServer,
  DEFAULT_MAX_BODY_BYTES,
  type StorageServer,
} from './createStorageServer.js'
export { type LoadNodeKeyParameters, loadNodeKey, NODE_KEY_FILE } from './nodeKey.js'
export { mcStoreChain, type StoreChain } from './storeChain.js'
export {
  type AuthorisedStore,
  type AuthoriseStoreRequestParameters,
  authoriseStoreRequest,
} from './storeRequest.js'

/**
 * A blob by hash from the (untrusted) host, re-hashed before anything opens it (D6: the reader
 * re-hashes): other bytes are a fault, never an outcome (D5 "Faults are not outcomes").
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Hex, keccak256 } from 'viem'
import type { BlobSource } from './types.js'

export async function fetchVerifiedBlob(blobs: BlobSource, hash: Hex): Promise<Uint8Array> {
  const bytes = await blobs.get(hash)
  if (keccak256(bytes) !== hash)
    throw new RaceteeError(errorCodes.ENCLAVE_BLOB_HASH_MISMATCH, 'A blob does not match its hash.', {
      details: `expected ${hash}`,
    })
  return bytes
}

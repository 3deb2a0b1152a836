/**
 * The body of `POST /v1/store` (D6, docs/storage-api.md): the ABI encoding of
 * `(bytes32 prevCommit, bytes32 blobsRoot, uint64 toBlock, bytes signature, bytes[] blobs)`,
 * the enclave's signed `StoreAuthorization` (P6) followed by every blob of one commit.
 * Shared by the client, which encodes it, and the node, which decodes it strictly.
 */
import type { StoreAuthorization } from '@racetee/protocol'
import { bytesToHex, encodeAbiParameters, type Hex, hexToBytes } from 'viem'

export const storeRequestAbi = [
  { name: 'prevCommit', type: 'bytes32' },
  { name: 'blobsRoot', type: 'bytes32' },
  { name: 'toBlock', type: 'uint64' },
  { name: 'signature', type: 'bytes' },
  { name: 'blobs', type: 'bytes[]' },
] as const

/** A `StoreAuthorization` with the enclave's signature over its EIP-712 hash. */
export type SignedStoreAuthorization = StoreAuthorization & { signature: Hex }

export function encodeStoreRequest(
  authorization: SignedStoreAuthorization,
  blobs: readonly Uint8Array[],
): Uint8Array {
  const { prevCommit, blobsRoot, toBlock, signature } = authorization
  return hexToBytes(
    encodeAbiParameters(storeRequestAbi, [
      prevCommit,
      blobsRoot,
      toBlock,
      signature,
      blobs.map((b) => bytesToHex(b)),
    ]),
  )
}

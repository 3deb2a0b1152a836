/**
 * The host's view of the storage network (D6, D7): the nodes registered on the MC, fetching a
 * blob for the enclave from whichever node serves it intact, and storing a batch's blobs on
 * every node to collect the k `Availability` confirmations a commit needs. Untrusted like all
 * of the host: the enclave re-hashes what it is served, and the MC checks the signatures.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { fetchBlob, storeBlobs } from '@racetee/storage'
import { type Address, type Hex, keccak256, type PublicClient } from 'viem'
import type { StorageConfirmation } from '../chain/submitCommit.js'
import { BlobCache } from './blobCache.js'

export type StorageNode = { signer: Address; url: string }

export type StoreBatchParameters = {
  authorization: { prevCommit: Hex; blobsRoot: Hex; toBlock: bigint; signature: Hex }
  blobs: readonly Uint8Array[]
}

export type StorageNetwork = {
  nodes(): Promise<StorageNode[]>
  /** A blob by hash from the first node that serves it intact (ENCLAVE_BLOB_MISSING if none). */
  fetch(hash: Hex): Promise<Uint8Array>
  /** Stores on every node; resolves with the confirmations once `threshold` nodes have signed. */
  store(parameters: StoreBatchParameters & { threshold: number }): Promise<StorageConfirmation[]>
}

/** Default host blob cache: enough for the working set of a devnet's programs. */
export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024

export function storageNetwork(parameters: {
  client: PublicClient
  mc: Address
  chainId: number
  /** Bytes of recently stored or fetched blobs kept in memory (0 disables). */
  cacheBytes?: number
}): StorageNetwork {
  const { client, mc, chainId } = parameters
  const cache = new BlobCache(parameters.cacheBytes ?? DEFAULT_BLOB_CACHE_BYTES)

  async function nodes(): Promise<StorageNode[]> {
    const signers = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'storageNodes',
    })
    return Promise.all(
      signers.map(async (signer) => ({
        signer,
        url: await client.readContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'storageNodeUrl',
          args: [signer],
        }),
      })),
    )
  }

  return {
    nodes,
    async fetch(hash) {
      const cached = cache.get(hash)
      if (cached) return cached
      const failures: string[] = []
      for (const node of await nodes()) {
        try {
          const bytes = await fetchBlob({ url: node.url, hash })
          cache.set(hash, bytes)
          return bytes
        } catch (err) {
          failures.push(`${node.signer}: ${(err as RaceteeError).code ?? 'error'}`)
        }
      }
      throw new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'No storage node served the blob.', {
        details: `${hash} (${failures.join(', ') || 'no nodes registered'})`,
      })
    },
    async store({ authorization, blobs, threshold }) {
      const all = await nodes()
      const settled = await Promise.allSettled(
        all.map((node) => storeBlobs({ url: node.url, authorization, blobs, chainId: BigInt(chainId), mc })),
      )
      const confirmations: StorageConfirmation[] = []
      const failures: string[] = []
      settled.forEach((outcome, i) => {
        const node = all[i]!
        if (outcome.status === 'rejected') {
          failures.push(`${node.signer}: ${(outcome.reason as RaceteeError).code ?? 'error'}`)
          return
        }
        // Only registered signers count on chain (D3.3 check 5); a node answering for another key is ignored.
        if (outcome.value.signer.toLowerCase() !== node.signer.toLowerCase()) {
          failures.push(`${node.signer}: answered as ${outcome.value.signer}`)
          return
        }
        confirmations.push({ signer: node.signer, signature: outcome.value.signature })
      })
      // Confirmed blobs are what the next rounds load first (the new program heads and pages).
      if (confirmations.length > 0) for (const blob of blobs) cache.set(keccak256(blob), blob)
      if (confirmations.length < threshold)
        throw new RaceteeError(
          errorCodes.EXECUTOR_CONFIRMATIONS_SHORT,
          'Too few storage nodes confirmed the batch.',
          {
            details: `${confirmations.length} of ${threshold} needed (${failures.join(', ')})`,
          },
        )
      return confirmations
    },
  }
}

/**
 * The host's view of the storage network (D6, D7): the nodes registered on the MC, fetching a
 * blob for the enclave from any node that serves it intact, and storing a batch's blobs to
 * collect the k `Availability` confirmations a commit needs (D3.3 check 5). Untrusted like all
 * of the host: the enclave re-hashes what it is served, and the MC checks the signatures.
 *
 * Store: every node is asked at once and `store` resolves on the k-th confirmation; the
 * missing nodes are retried with backoff while fewer than k confirmed (commits wait through an
 * outage), and handed to the `Repairer` once k did (`storeToThreshold.ts`, `repairer.ts`).
 * Replicate: a batch some other executor committed, byte for byte ours (it won the race with
 * the same body), is cached and handed to the `Repairer` for every node whose confirmation the
 * winning commit does not carry: the winner waited for only k and may die before repairing.
 * Fetch: any node, starting at a rotating one, re-hashed; a node serving wrong bytes goes to
 * the back of the order for a while (`readOrder.ts`). Every request has a deadline, so a node
 * that accepts connections and never answers stalls nothing.
 */
import { errorCodes, isRaceteeError, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { encodeStoreRequest, fetchBlob, type SignedStoreAuthorization } from '@racetee/storage'
import { type Logger, pino } from 'pino'
import { type Address, type Hex, keccak256, type PublicClient } from 'viem'
import type { StorageConfirmation } from '../chain/submitCommit.js'
import type { Backoff } from './backoff.js'
import { BlobCache } from './blobCache.js'
import { ReadOrder } from './readOrder.js'
import { Repairer, type RepairerParameters, type RepairStatus } from './repairer.js'
import { type StorageNode, storeOnNode } from './storeOnNode.js'
import { type StoreProgress, storeToThreshold } from './storeToThreshold.js'

export type { StorageNode } from './storeOnNode.js'
export type { StoreProgress } from './storeToThreshold.js'

export type StoreBatchParameters = {
  authorization: SignedStoreAuthorization
  blobs: readonly Uint8Array[]
}

export type StoreParameters = StoreBatchParameters & {
  /** k of D6, from the MC's configuration. */
  threshold: number
  /** Abort to abandon the wait for k (the race was lost, the node is stopping). */
  signal?: AbortSignal
  /** Told after every node's answer: confirmed i of k, and each missing node's last error code. */
  onProgress?: (progress: StoreProgress) => void
}

export type ReplicateParameters = StoreBatchParameters & {
  /** Signers known to hold the batch already (the winning commit's storage confirmations). */
  except: readonly Address[]
}

export type StorageNetwork = {
  /** The registered nodes (read from the MC, cached for `nodesTtlMs`). */
  nodes(): Promise<StorageNode[]>
  /** A blob by hash from any node that serves it intact (ENCLAVE_BLOB_MISSING if none). */
  fetch(hash: Hex, options?: { signal?: AbortSignal }): Promise<Uint8Array>
  /**
   * Resolves with at least `threshold` confirmations of distinct registered nodes as soon as
   * they exist; waits (retrying) until then, or rejects EXECUTOR_CONFIRMATIONS_SHORT when the
   * signal aborts or too many nodes refuse the batch for good.
   */
  store(parameters: StoreParameters): Promise<StorageConfirmation[]>
  /**
   * Caches the batch and queues it for every registered node not in `except` (compared
   * case-insensitively), re-sent in the background until each confirms; resolves with the
   * signers queued. Never waits for a node.
   */
  replicate(parameters: ReplicateParameters): Promise<Address[]>
  /** Batches some node has not confirmed yet, which the repairer is still re-sending. */
  repairing(): RepairStatus[]
  /** Stops the repairer (shutdown). A store in progress continues until its own signal aborts. */
  close(): void
}

/** Default host blob cache: enough for the working set of a devnet's programs. */
export const DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024

/** A store's deadline grows with its size: the node hashes (about 7 MB/s) and fsyncs it all. */
const STORE_MS_PER_MIB = 1000

export type StorageNetworkParameters = {
  mc: Address
  chainId: number
  /** Bytes of recently stored or fetched blobs kept in memory (0 disables). */
  cacheBytes?: number
  logger?: Logger
  /** Deadline of a store request before its per-MiB allowance (default 10 s). */
  storeTimeoutMs?: number
  /** Deadline of a blob read (default 10 s). */
  fetchTimeoutMs?: number
  /** Retries while fewer than k confirmed (default 250 ms doubling to 5 s). */
  storeBackoff?: Backoff
  /** How long a node that served wrong bytes goes last in the read order (default 60 s). */
  corruptPenaltyMs?: number
  /** How long a node that did not answer a read goes last (default 5 s). */
  unavailablePenaltyMs?: number
  /** How long the registered node list is reused (default 5 s). */
  nodesTtlMs?: number
  repair?: Omit<RepairerParameters, 'send' | 'logger'>
} & (
  | { client: PublicClient; registry?: undefined }
  /** Where the node list comes from instead of the MC (tests). */
  | { registry: () => Promise<StorageNode[]>; client?: undefined }
)

export function storageNetwork(parameters: StorageNetworkParameters): StorageNetwork {
  const { mc, chainId } = parameters
  const logger = parameters.logger ?? pino({ level: 'silent' })
  const cache = new BlobCache(parameters.cacheBytes ?? DEFAULT_BLOB_CACHE_BYTES)
  const storeTimeoutMs = parameters.storeTimeoutMs ?? 10_000
  const fetchTimeoutMs = parameters.fetchTimeoutMs ?? 10_000
  const storeBackoff = parameters.storeBackoff ?? { baseMs: 250, capMs: 5000 }
  const corruptPenaltyMs = parameters.corruptPenaltyMs ?? 60_000
  const unavailablePenaltyMs = parameters.unavailablePenaltyMs ?? 5000
  const nodesTtlMs = parameters.nodesTtlMs ?? 5000
  const readOrder = new ReadOrder()
  const registry = parameters.registry ?? mcRegistry(parameters.client, mc)
  const timeoutFor = (bytes: number) => storeTimeoutMs + Math.ceil((bytes / 2 ** 20) * STORE_MS_PER_MIB)
  const repairer = new Repairer({
    ...parameters.repair,
    logger,
    send: (node, batch, signal) =>
      storeOnNode({ node, ...batch, chainId, mc, timeoutMs: timeoutFor(batch.body.length), signal }),
  })

  let listed: { at: number; nodes: Promise<StorageNode[]> } | undefined
  function nodes(): Promise<StorageNode[]> {
    if (!listed || Date.now() - listed.at > nodesTtlMs) {
      const fresh = { at: Date.now(), nodes: registry() }
      listed = fresh
      // A failed read is not reused: the next caller asks the MC again.
      fresh.nodes.catch(() => {
        if (listed === fresh) listed = undefined
      })
    }
    return listed.nodes
  }

  async function fetch(hash: Hex, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    const cached = cache.get(hash)
    if (cached) return cached
    const failures: string[] = []
    for (const node of readOrder.order(await nodes())) {
      const deadline = AbortSignal.timeout(fetchTimeoutMs)
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
      try {
        const bytes = await fetchBlob({ url: node.url, hash, signal })
        cache.set(hash, bytes)
        return bytes
      } catch (err) {
        if (options.signal?.aborted) throw err
        const code = isRaceteeError(err) ? err.code : 'error'
        failures.push(
          `${node.signer}: ${deadline.aborted ? `${code} (no answer in ${fetchTimeoutMs} ms)` : code}`,
        )
        if (code === errorCodes.STORAGE_HASH_MISMATCH) {
          readOrder.penalise(node.signer, corruptPenaltyMs)
          logger.warn({ hash, node: node.signer, code }, 'storage node served wrong bytes; reading elsewhere')
        } else if (code !== errorCodes.STORAGE_NOT_FOUND) {
          readOrder.penalise(node.signer, unavailablePenaltyMs)
        }
      }
    }
    throw new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'No storage node served the blob.', {
      details: `${hash} (${failures.join(', ') || 'no nodes registered'})`,
    })
  }

  async function store(parameters: StoreParameters): Promise<StorageConfirmation[]> {
    const { authorization, blobs, threshold, signal, onProgress } = parameters
    const body = encodeStoreRequest(authorization, blobs)
    const timeoutMs = timeoutFor(body.length)
    const { confirmations, unconfirmed } = await storeToThreshold({
      nodes: await nodes(),
      threshold,
      blobsRoot: authorization.blobsRoot,
      backoff: storeBackoff,
      logger,
      signal,
      onProgress,
      send: (node, attemptSignal) =>
        storeOnNode({ node, authorization, body, chainId, mc, timeoutMs, signal: attemptSignal }),
    })
    // Confirmed blobs are what the next rounds load first (the new program heads and pages).
    for (const blob of blobs) cache.set(keccak256(blob), blob)
    repairer.add({ authorization, body }, unconfirmed)
    logger.info(
      {
        blobsRoot: authorization.blobsRoot,
        confirmed: confirmations.length,
        threshold,
        repairing: unconfirmed.map((u) => u.node.signer),
      },
      'storage threshold reached',
    )
    return confirmations
  }

  async function replicate(parameters: ReplicateParameters): Promise<Address[]> {
    const { authorization, blobs } = parameters
    // Cached first: our next round reads these pages whether or not any node is reachable.
    for (const blob of blobs) cache.set(keccak256(blob), blob)
    const skip = new Set(parameters.except.map((signer) => signer.toLowerCase()))
    const missing: StorageNode[] = []
    for (const node of await nodes()) {
      const id = node.signer.toLowerCase()
      if (skip.has(id)) continue
      skip.add(id) // a node listed twice is sent the batch once
      missing.push(node)
    }
    if (missing.length === 0) return []
    const body = encodeStoreRequest(authorization, blobs)
    repairer.add(
      { authorization, body },
      missing.map((node) => ({ node })),
    )
    return missing.map((node) => node.signer)
  }

  return {
    nodes,
    fetch,
    store,
    replicate,
    repairing: () => repairer.pending(),
    close: () => repairer.close(),
  }
}

function mcRegistry(client: PublicClient, mc: Address): () => Promise<StorageNode[]> {
  return async () => {
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
}

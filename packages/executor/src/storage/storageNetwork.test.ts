import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availabilitySigningHash, blobsRoot, isRaceteeError, raceteeDomain } from '@racetee/protocol'
import { pino } from 'pino'
import { type Address, type Hex, keccak256, recoverAddress, toHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type FakeNodeMode,
  type FakeStorageNode,
  startFakeStorageNode,
  waitUntil,
} from '../../test/storageSupport/fakeStorageNode.js'
import { type StorageNetworkParameters, type StoreProgress, storageNetwork } from './storageNetwork.js'

const chainId = 31337
const mc: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const silent = pino({ level: 'silent' })
/** Fast retries so a test sees several attempts in well under a second. */
const fast = {
  storeBackoff: { baseMs: 20, capMs: 80 },
  repair: { backoff: { baseMs: 20, capMs: 80 } },
}

let started: FakeStorageNode[] = []
let networks: { close(): void }[] = []
afterEach(async () => {
  for (const network of networks) network.close()
  await Promise.all(started.map((n) => n.close()))
  started = []
  networks = []
})

async function nodes(...modes: FakeNodeMode[]): Promise<FakeStorageNode[]> {
  const made = await Promise.all(modes.map((mode) => startFakeStorageNode({ chainId, mc, mode })))
  started.push(...made)
  return made
}

function network(
  of: readonly { signer: Address; url: string }[],
  options: Partial<StorageNetworkParameters> = {},
) {
  const made = storageNetwork({
    mc,
    chainId,
    logger: silent,
    ...fast,
    ...options,
    registry: async () => of.map(({ signer, url }) => ({ signer, url })),
  } as StorageNetworkParameters)
  networks.push(made)
  return made
}

let batchNumber = 0
function batch(size = 64) {
  batchNumber++
  const blobs = [
    crypto.getRandomValues(new Uint8Array(size)),
    new TextEncoder().encode(`page ${batchNumber}`),
  ]
  const authorization = {
    prevCommit: keccak256(toHex(`prev ${batchNumber}`)),
    blobsRoot: blobsRoot(blobs.map((b) => keccak256(b))),
    toBlock: 5n,
    // The fake nodes check no authorisation (the real node's job, packages/storage).
    signature: `0x${'11'.repeat(65)}` as Hex,
  }
  return { authorization, blobs }
}

async function signersOf(
  confirmations: { signer: Address; signature: Hex }[],
  auth: { prevCommit: Hex; blobsRoot: Hex },
) {
  const hash = availabilitySigningHash(raceteeDomain(chainId, mc), auth)
  return Promise.all(
    confirmations.map(async (c) => {
      expect(await recoverAddress({ hash, signature: c.signature })).toBe(c.signer)
      return c.signer
    }),
  )
}

describe('storageNetwork', () => {
  it('stores on k of n, every node ends up with the batch, and any node serves it', async () => {
    const all = await nodes('ok', 'ok', 'ok')
    const storage = network(all)
    const { authorization, blobs } = batch()
    const confirmations = await storage.store({ authorization, blobs, threshold: 2 })
    expect(confirmations.length).toBeGreaterThanOrEqual(2)
    const signers = await signersOf(confirmations, authorization)
    expect(new Set(signers).size).toBe(signers.length)
    expect(signers.every((s) => all.some((n) => n.signer === s))).toBe(true)
    await waitUntil(() => all.every((n) => n.blobs.size === 2), 'the third node to get the batch')
    await waitUntil(() => storage.repairing().length === 0, 'nothing left to repair')
    const uncached = network(all, { cacheBytes: 0 })
    for (const blob of blobs) expect(await uncached.fetch(keccak256(blob))).toEqual(blob)
  })

  it('behavior: k of n with one node dead (a closed port)', async () => {
    const [a, b] = await nodes('ok', 'ok')
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    const dead = { signer: '0x000000000000000000000000000000000000dEaD' as Address, url: deadUrl }
    const storage = network([dead, a!, b!])
    const { authorization, blobs } = batch()
    const confirmations = await storage.store({ authorization, blobs, threshold: 2 })
    expect((await signersOf(confirmations, authorization)).sort()).toEqual([a!.signer, b!.signer].sort())
    expect(storage.repairing()).toEqual([
      expect.objectContaining({ blobsRoot: authorization.blobsRoot, nodes: [dead.signer] }),
    ])
  })

  it('behavior: a node that accepts and never answers stalls nothing', async () => {
    const all = await nodes('hang', 'ok', 'ok')
    // A deadline far longer than the test: resolving must not wait for the hanging node at all.
    const storage = network(all, { storeTimeoutMs: 60_000 })
    const started = performance.now()
    const confirmations = await storage.store({ ...batch(), threshold: 2 })
    expect(performance.now() - started).toBeLessThan(5000)
    expect(confirmations.map((c) => c.signer)).not.toContain(all[0]!.signer)
    expect(storage.repairing()[0]?.nodes).toEqual([all[0]!.signer])
  })

  it('behavior: with k = n a hanging node times out and is retried', async () => {
    const all = await nodes('hang', 'ok')
    const storage = network(all, { storeTimeoutMs: 100 })
    const pending = storage.store({ ...batch(), threshold: 2 })
    await waitUntil(() => all[0]!.requests.store >= 2, 'a second attempt after the deadline')
    all[0]!.mode = 'ok'
    expect(await pending).toHaveLength(2)
  })

  it('behavior: a node answering 500 is reported with its code and not counted', async () => {
    const all = await nodes('ok', 'error500', 'ok')
    const storage = network(all)
    const progress: StoreProgress[] = []
    const confirmations = await storage.store({
      ...batch(),
      threshold: 2,
      onProgress: (p) => progress.push(p),
    })
    expect(confirmations.map((c) => c.signer).sort()).toEqual([all[0]!.signer, all[2]!.signer].sort())
    expect(progress.at(-1)).toMatchObject({ confirmed: 2, threshold: 2 })
    expect(progress.some((p) => p.failures[all[1]!.signer] === 'STORAGE_UNAVAILABLE')).toBe(true)
  })

  it('behavior: a confirmation with a bad signature is never counted', async () => {
    const all = await nodes('badSignature', 'ok', 'ok')
    const storage = network(all)
    const progress: StoreProgress[] = []
    const { authorization, blobs } = batch()
    const confirmations = await storage.store({
      authorization,
      blobs,
      threshold: 2,
      onProgress: (p) => progress.push(p),
    })
    expect(await signersOf(confirmations, authorization)).not.toContain(all[0]!.signer)
    await waitUntil(
      () => progress.some((p) => p.failures[all[0]!.signer] === 'STORAGE_CONFIRMATION_INVALID'),
      'the bad signature reported',
    )
  })

  it('behavior: commits wait while fewer than k nodes answer, then resume when one returns', async () => {
    const all = await nodes('ok', 'down', 'down')
    const storage = network(all)
    const progress: StoreProgress[] = []
    let settled = false
    const pending = storage.store({ ...batch(), threshold: 2, onProgress: (p) => progress.push(p) })
    pending.finally(() => {
      settled = true
    })
    await waitUntil(
      () => all[1]!.requests.store >= 3 && all[2]!.requests.store >= 3,
      'retries of the down nodes',
    )
    expect(settled).toBe(false)
    expect(progress.at(-1)).toMatchObject({ confirmed: 1, threshold: 2 })
    expect(progress.at(-1)?.failures[all[1]!.signer]).toBe('STORAGE_UNAVAILABLE')
    all[2]!.mode = 'ok'
    const confirmations = await pending
    expect(confirmations.map((c) => c.signer).sort()).toEqual([all[0]!.signer, all[2]!.signer].sort())
    // The node still down is the repairer's now; it gets the batch when it returns.
    all[1]!.mode = 'ok'
    await waitUntil(() => all[1]!.blobs.size === 2, 'the last node repaired')
  })

  it('behavior: the repairer re-sends every missed batch to a node that comes back', async () => {
    const all = await nodes('ok', 'ok', 'down')
    const storage = network(all)
    const batches = [batch(), batch(), batch()]
    for (const b of batches) await storage.store({ ...b, threshold: 2 })
    expect(storage.repairing().map((r) => r.nodes)).toEqual([
      [all[2]!.signer],
      [all[2]!.signer],
      [all[2]!.signer],
    ])
    expect(all[2]!.blobs.size).toBe(0)
    all[2]!.mode = 'ok'
    await waitUntil(() => storage.repairing().length === 0, 'every batch repaired')
    for (const b of batches)
      for (const blob of b.blobs) expect(all[2]!.blobs.get(keccak256(blob))).toEqual(blob)
  })

  it('behavior: replicate caches a batch and sends it only to the nodes not in except', async () => {
    const all = await nodes('ok', 'ok', 'ok')
    const storage = network(all)
    const { authorization, blobs } = batch()
    const except = [all[0]!.signer.toLowerCase() as Address]
    const queued = [all[1]!.signer, all[2]!.signer]
    expect(await storage.replicate({ authorization, blobs, except })).toEqual(queued)
    expect(storage.repairing()).toEqual([
      expect.objectContaining({ blobsRoot: authorization.blobsRoot, nodes: queued }),
    ])
    for (const blob of blobs) expect(await storage.fetch(keccak256(blob))).toEqual(blob)
    expect(all.map((n) => n.requests.get)).toEqual([0, 0, 0])
    await waitUntil(() => storage.repairing().length === 0, 'both other nodes replicated')
    expect(all.map((n) => n.blobs.size)).toEqual([0, 2, 2])
    expect(all[0]!.requests.store).toBe(0)
    expect(await storage.replicate({ authorization, blobs, except: all.map((n) => n.signer) })).toEqual([])
  })

  it('behavior: fetch skips a node serving corrupted bytes, sends it last, and spreads reads', async () => {
    const all = await nodes('corrupt', 'ok', 'ok')
    const stored = [batch(), batch(), batch()]
    const writer = network(all)
    for (const b of stored) await writer.store({ ...b, threshold: 3 })
    const reader = network(all, { cacheBytes: 0 })
    const hashes = stored.flatMap((b) => b.blobs.map((blob) => keccak256(blob)))
    for (const [i, hash] of hashes.entries())
      expect(await reader.fetch(hash)).toEqual(stored[Math.floor(i / 2)]!.blobs[i % 2])
    // Asked once, then at the back of the order for the rest of the reads.
    expect(all[0]!.requests.get).toBe(1)
    expect(all[1]!.requests.get).toBeGreaterThan(0)
    expect(all[2]!.requests.get).toBeGreaterThan(0)
  })

  it('behavior: abort abandons the wait and stops asking', async () => {
    const all = await nodes('down', 'down')
    const storage = network(all)
    const controller = new AbortController()
    const pending = storage.store({ ...batch(), threshold: 1, signal: controller.signal })
    await waitUntil(() => all[0]!.requests.store >= 2, 'a retry before the abort')
    controller.abort()
    const err = await pending.catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_CONFIRMATIONS_SHORT')).toBe(true)
    expect((err as { details: string }).details).toMatch(/abandoned with 0 of 1/)
    const asked = all[0]!.requests.store
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(all[0]!.requests.store).toBe(asked)
    expect(storage.repairing()).toEqual([])
  })

  it('error: every node serving wrong bytes is ENCLAVE_BLOB_MISSING naming each', async () => {
    const all = await nodes('ok', 'ok')
    const { authorization, blobs } = batch()
    await network(all).store({ authorization, blobs, threshold: 2 })
    for (const n of all) n.mode = 'corrupt'
    const err = await network(all, { cacheBytes: 0 })
      .fetch(keccak256(blobs[0]!))
      .catch((e: unknown) => e)
    expect(isRaceteeError(err, 'ENCLAVE_BLOB_MISSING')).toBe(true)
    for (const n of all)
      expect((err as { details: string }).details).toContain(`${n.signer}: STORAGE_HASH_MISMATCH`)
  })

  it('error: nodes refusing for good leave k unreachable and fail the store', async () => {
    const all = await nodes('ok', 'badRequest', 'badRequest')
    const err = await network(all)
      .store({ ...batch(), threshold: 2 })
      .catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_CONFIRMATIONS_SHORT')).toBe(true)
    expect((err as { details: string }).details).toMatch(/refused the batch for good/)
    expect(all[1]!.requests.store).toBe(1)
  })

  it('error: fewer registered nodes than k fail at once', async () => {
    const all = await nodes('ok')
    const err = await network(all)
      .store({ ...batch(), threshold: 2 })
      .catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_CONFIRMATIONS_SHORT')).toBe(true)
    expect(all[0]!.requests.store).toBe(0)
  })
})

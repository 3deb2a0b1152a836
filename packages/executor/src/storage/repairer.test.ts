import { pino } from 'pino'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { waitUntil } from '../../test/storageSupport/fakeStorageNode.js'
import { type RepairBatch, Repairer, type RepairerParameters } from './repairer.js'
import type { NodeStoreOutcome, StorageNode } from './storeOnNode.js'

const silent = pino({ level: 'silent' })
const nodeA: StorageNode = { signer: '0x00000000000000000000000000000000000000aa', url: 'http://a.test' }
const nodeB: StorageNode = { signer: '0x00000000000000000000000000000000000000bb', url: 'http://b.test' }
const ok = (node: StorageNode): NodeStoreOutcome => ({
  ok: true,
  confirmation: { signer: node.signer, signature: '0x' as Hex },
})
const down: NodeStoreOutcome = { ok: false, code: 'STORAGE_UNAVAILABLE', details: 'down', permanent: false }

let n = 0
function repairBatch(bytes = 10): RepairBatch {
  n++
  return {
    authorization: {
      prevCommit: keccak256(toHex(`prev ${n}`)),
      blobsRoot: keccak256(toHex(`root ${n}`)),
      toBlock: 1n,
      signature: '0x' as Hex,
    },
    body: new Uint8Array(bytes),
  }
}

/** A send whose answer per node the test switches; records every call. */
function switchable() {
  const up = new Set<Address>()
  const calls: { node: Address; blobsRoot: Hex; signal: AbortSignal }[] = []
  const send: RepairerParameters['send'] = async (node, batch, signal) => {
    calls.push({ node: node.signer, blobsRoot: batch.authorization.blobsRoot, signal })
    return up.has(node.signer) ? ok(node) : down
  }
  return { up, calls, send }
}

let repairers: Repairer[] = []
afterEach(() => {
  for (const r of repairers) r.close()
  repairers = []
})
function repairer(parameters: Omit<RepairerParameters, 'logger'>): Repairer {
  const made = new Repairer({ logger: silent, backoff: { baseMs: 10, capMs: 40 }, ...parameters })
  repairers.push(made)
  return made
}

describe('Repairer', () => {
  it('re-sends a batch to the nodes that missed it until they confirm', async () => {
    const { up, calls, send } = switchable()
    const r = repairer({ send })
    const batch = repairBatch()
    r.add(batch, [{ node: nodeA }, { node: nodeB }])
    const { prevCommit, blobsRoot } = batch.authorization
    expect(r.pending()).toEqual([{ prevCommit, blobsRoot, bytes: 10, nodes: [nodeA.signer, nodeB.signer] }])
    await waitUntil(() => calls.filter((c) => c.node === nodeA.signer).length >= 2, 'retries')
    up.add(nodeA.signer)
    up.add(nodeB.signer)
    await waitUntil(() => r.pending().length === 0, 'both repaired')
    expect(r.bytes).toBe(0)
  })

  it('behavior: an attempt in flight at hand-over is awaited, not repeated', async () => {
    const { calls, send } = switchable()
    const r = repairer({ send })
    let answer: (outcome: NodeStoreOutcome) => void = () => {}
    r.add(repairBatch(), [{ node: nodeA, inFlight: new Promise((resolve) => (answer = resolve)) }])
    answer(ok(nodeA))
    await waitUntil(() => r.pending().length === 0, 'the in-flight attempt counted')
    expect(calls).toEqual([])
  })

  it('behavior: a node that comes back gets every batch it missed at once', async () => {
    const { up, calls, send } = switchable()
    // Retries an hour apart: only the node's return can explain a prompt re-send.
    const r = repairer({ send, backoff: { baseMs: 3_600_000, capMs: 3_600_000 } })
    const missed = [repairBatch(), repairBatch()]
    for (const b of missed) r.add(b, [{ node: nodeA }])
    let answer: (outcome: NodeStoreOutcome) => void = () => {}
    r.add(repairBatch(), [{ node: nodeA, inFlight: new Promise((resolve) => (answer = resolve)) }])
    up.add(nodeA.signer)
    answer(ok(nodeA))
    await waitUntil(() => r.pending().length === 0, 'the missed batches re-sent', 2000)
    expect(calls.map((c) => c.blobsRoot).sort()).toEqual(missed.map((b) => b.authorization.blobsRoot).sort())
  })

  it('behavior: one attempt per node at a time, so a hanging node does not starve the others', async () => {
    const calls: Address[] = []
    const r = repairer({
      concurrency: 2,
      send: (node) => {
        calls.push(node.signer)
        // Node A accepts and never answers; B confirms.
        return node === nodeA ? new Promise<NodeStoreOutcome>(() => {}) : Promise.resolve(ok(node))
      },
    })
    for (let i = 0; i < 3; i++) r.add(repairBatch(), [{ node: nodeA }, { node: nodeB }])
    await waitUntil(
      () => r.pending().every((p) => p.nodes.length === 1 && p.nodes[0] === nodeA.signer),
      'B repaired',
    )
    expect(calls.filter((c) => c === nodeA.signer)).toHaveLength(1)
    expect(calls.filter((c) => c === nodeB.signer)).toHaveLength(3)
  })

  it('behavior: the queue is bounded by count and bytes, dropping the oldest', async () => {
    const { send } = switchable()
    const r = repairer({ send, maxBatches: 2, maxBytes: 100 })
    const [first, second, third] = [repairBatch(), repairBatch(), repairBatch()]
    for (const b of [first!, second!, third!]) r.add(b, [{ node: nodeA }])
    expect(r.pending().map((p) => p.blobsRoot)).toEqual(
      [second!, third!].map((b) => b.authorization.blobsRoot),
    )
    const big = repairBatch(90)
    r.add(big, [{ node: nodeA }])
    // 10 + 10 + 90 bytes is over 100: the oldest goes, and 100 fits.
    const kept = [third!, big].map((b) => b.authorization.blobsRoot)
    expect(r.pending().map((p) => p.blobsRoot)).toEqual(kept)
    expect(r.bytes).toBe(100)
    // A batch larger than the whole budget is not kept, and drops nothing.
    r.add(repairBatch(101), [{ node: nodeA }])
    expect(r.pending().map((p) => p.blobsRoot)).toEqual(kept)
  })

  it('behavior: a batch ages out, its attempts aborted and not repeated', async () => {
    const { calls, send } = switchable()
    const r = repairer({ send, maxAgeMs: 100 })
    r.add(repairBatch(), [{ node: nodeA }])
    await waitUntil(() => r.pending().length === 0, 'the batch aged out')
    const made = calls.length
    expect(made).toBeGreaterThan(0)
    expect(calls.every((c) => c.signal.aborted)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls.length).toBe(made)
  })

  it('behavior: close stops everything', async () => {
    const { calls, send } = switchable()
    const r = repairer({ send })
    r.add(repairBatch(), [{ node: nodeA }])
    await waitUntil(() => calls.length > 0, 'a first attempt')
    r.close()
    expect(r.pending()).toEqual([])
    const made = calls.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls.length).toBe(made)
    r.add(repairBatch(), [{ node: nodeA }])
    expect(r.pending()).toEqual([])
  })

  it('error: a node refusing for good is given up for that batch', async () => {
    const calls: Address[] = []
    const r = repairer({
      send: async (node) => {
        calls.push(node.signer)
        return { ok: false, code: 'STORAGE_TOO_LARGE', details: 'limit', permanent: true }
      },
    })
    r.add(repairBatch(), [{ node: nodeA }])
    await waitUntil(() => r.pending().length === 0, 'given up')
    expect(calls).toEqual([nodeA.signer])
  })

  it('error: bounds that are not positive integers are RangeErrors', () => {
    const { send } = switchable()
    expect(() => repairer({ send, maxBatches: 0 })).toThrow(RangeError)
    expect(() => repairer({ send, maxBytes: 1.5 })).toThrow(RangeError)
  })
})

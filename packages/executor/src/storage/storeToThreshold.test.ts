import { isRaceteeError } from '@racetee/protocol'
import { pino } from 'pino'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { NodeStoreOutcome, StorageNode } from './storeOnNode.js'
import { type StoreToThresholdParameters, storeToThreshold } from './storeToThreshold.js'

const silent = pino({ level: 'silent' })
const node = (i: number): StorageNode => ({
  signer: `0x${i.toString(16).padStart(40, '0')}` as Address,
  url: `http://node${i}.test`,
})
const ok = (n: StorageNode): NodeStoreOutcome => ({
  ok: true,
  confirmation: { signer: n.signer, signature: '0x' as Hex },
})

function run(
  parameters: Partial<StoreToThresholdParameters> & Pick<StoreToThresholdParameters, 'nodes' | 'send'>,
) {
  return storeToThreshold({
    threshold: 2,
    blobsRoot: keccak256(toHex('root')),
    backoff: { baseMs: 5, capMs: 20 },
    logger: silent,
    ...parameters,
  })
}

describe('storeToThreshold', () => {
  it('resolves on the k-th confirmation and hands over the rest', async () => {
    let late: (outcome: NodeStoreOutcome) => void = () => {}
    const nodes = [node(1), node(2), node(3)]
    const result = await run({
      nodes,
      send: (n) => (n === nodes[2] ? new Promise((resolve) => (late = resolve)) : Promise.resolve(ok(n))),
    })
    expect(result.confirmations.map((c) => c.signer)).toEqual([nodes[0]!.signer, nodes[1]!.signer])
    expect(result.unconfirmed).toEqual([{ node: nodes[2], inFlight: expect.any(Promise) }])
    late(ok(nodes[2]!))
    expect(await result.unconfirmed[0]!.inFlight).toEqual(ok(nodes[2]!))
  })

  it('behavior: a node listed twice is asked and counted once', async () => {
    const asked: Address[] = []
    const twice = { ...node(1), signer: node(1).signer.toUpperCase().replace('0X', '0x') as Address }
    const err = await run({
      nodes: [node(1), twice],
      send: async (n) => {
        asked.push(n.signer)
        return ok(n)
      },
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_CONFIRMATIONS_SHORT')).toBe(true)
    expect(asked).toEqual([])
  })

  it('behavior: one node refusing for good is left out while k stays reachable', async () => {
    const nodes = [node(1), node(2), node(3)]
    const refused: NodeStoreOutcome = { ok: false, code: 'STORAGE_TOO_LARGE', details: 'x', permanent: true }
    const result = await run({ nodes, send: async (n) => (n === nodes[0] ? refused : ok(n)) })
    expect(result.confirmations).toHaveLength(2)
    expect(result.unconfirmed).toEqual([])
  })

  it('error: an already aborted signal asks nobody', async () => {
    const asked: Address[] = []
    const err = await run({
      nodes: [node(1), node(2)],
      signal: AbortSignal.abort(),
      send: async (n) => {
        asked.push(n.signer)
        return ok(n)
      },
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_CONFIRMATIONS_SHORT')).toBe(true)
    expect(asked).toEqual([])
  })

  it('error: a send that throws fails the store instead of hanging it', async () => {
    const err = await run({
      nodes: [node(1), node(2)],
      send: async () => {
        throw new TypeError('broken sender')
      },
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
  })

  it('error: a threshold that is not a positive integer is a RangeError', async () => {
    await expect(run({ nodes: [node(1)], threshold: 0, send: async (n) => ok(n) })).rejects.toThrow(
      RangeError,
    )
  })
})

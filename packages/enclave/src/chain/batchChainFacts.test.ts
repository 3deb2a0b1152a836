import { type ErrorCode, isRaceteeError } from '@racetee/protocol'
import { type Address, type Hex, hexToBigInt, numberToHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { batchChainFacts } from './batchChainFacts.js'
import { mcSlots } from './mcStorage.js'
import { provenChainView } from './provenChainView.js'
import { type FakeState, fakeState } from './test/fakeState.js'
import type { ProvenChainView } from './types.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
/** Deployed long ago, updated by the commit that landed after toBlock. */
const updated: Address = '0x00000000000000000000000000000000000000a1'
/** createProgram at block 8 (inside the range); its deploy has not been committed. */
const deployedInRange: Address = '0x00000000000000000000000000000000000000a2'
/** createProgram at block 13, after toBlock: not part of the batch. */
const createdLater: Address = '0x00000000000000000000000000000000000000a3'
/** Created by a factory in the commit that landed after toBlock. */
const factoryMade: Address = '0x00000000000000000000000000000000000000a4'
const unknown: Address = '0x00000000000000000000000000000000000000a5'
const h = (byte: string): Hex => `0x${byte.repeat(32)}`
const zero = numberToHex(0n, { size: 32 })

const TO_BLOCK = 10n
const FACT_BLOCK = 15n
/** P2 packings (RequestLog.sol). */
const live = (seq: bigint, block: bigint) => seq | (block << 64n)
const ringMeta = (block: bigint, seq: bigint, nextBlock: bigint) => block | (seq << 48n) | (nextBlock << 208n)
const lastMeta = (toBlock: bigint, toSeq: bigint) => toBlock | (toSeq << 64n)

/** The MC at toBlock: requests up to seq 5 (block 9); the last commit is c1 (blocks ..4). */
const atTo: Record<Hex, bigint> = {
  [mcSlots.acc]: hexToBigInt(h('a5')),
  [mcSlots.live]: live(5n, 9n),
  [mcSlots.lastCommitId]: hexToBigInt(h('c1')),
  [mcSlots.lastAcc]: hexToBigInt(h('a2')),
  [mcSlots.lastMeta]: lastMeta(4n, 2n),
  [mcSlots.registered(updated)]: 1n,
  [mcSlots.digest(updated)]: hexToBigInt(h('d1')),
  [mcSlots.registered(deployedInRange)]: 1n,
}
/**
 * The MC at the fact block: c2 (blocks 5..6) landed in block 11; requests came in blocks 12 and
 * 14, so block 9's checkpoint moved to ring entry 0 and block 12's to entry 1.
 */
const atFact: Record<Hex, bigint> = {
  [mcSlots.acc]: hexToBigInt(h('a9')),
  [mcSlots.live]: live(9n, 14n),
  [mcSlots.ringAcc(0n)]: hexToBigInt(h('a5')),
  [mcSlots.ringMeta(0n)]: ringMeta(9n, 5n, 12n),
  [mcSlots.ringAcc(1n)]: hexToBigInt(h('a7')),
  [mcSlots.ringMeta(1n)]: ringMeta(12n, 7n, 14n),
  [mcSlots.lastCommitId]: hexToBigInt(h('c2')),
  [mcSlots.lastAcc]: hexToBigInt(h('a3')),
  [mcSlots.lastMeta]: lastMeta(6n, 3n),
  [mcSlots.registered(updated)]: 1n,
  [mcSlots.digest(updated)]: hexToBigInt(h('d2')),
  [mcSlots.registered(deployedInRange)]: 1n,
  [mcSlots.registered(createdLater)]: 1n,
  [mcSlots.registered(factoryMade)]: 1n,
  [mcSlots.digest(factoryMade)]: hexToBigInt(h('d3')),
}

async function viewOf(storage: Record<Hex, bigint>, block: bigint): Promise<ProvenChainView> {
  const s: FakeState = await fakeState({ [mc]: { code: '0x00', storage } }, block)
  return provenChainView({ mc, header: s.header, proofs: s.source })
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, detail?: string): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(isRaceteeError(caught, code), String(caught)).toBe(true)
  if (detail) expect((caught as { details?: string }).details).toContain(detail)
}

describe('batchChainFacts', () => {
  let atToBlock: ProvenChainView
  let atFactBlock: ProvenChainView
  beforeAll(async () => {
    atToBlock = await viewOf(atTo, TO_BLOCK)
    atFactBlock = await viewOf(atFact, FACT_BLOCK)
  })

  it('proves the last commit and digests at the fact block, the checkpoint from its ring entry', async () => {
    const facts = batchChainFacts({ atToBlock, atFactBlock, ringHint: 0n })
    expect(await facts.lastCommit()).toEqual({ commitId: h('c2'), toBlock: 6n, toSeq: 3n, acc: h('a3') })
    expect(await facts.checkpointAt(TO_BLOCK)).toEqual({ seq: 5n, acc: h('a5') })
    expect(await facts.program(updated)).toEqual({ registered: true, digest: h('d2') })
    expect(await facts.program(deployedInRange)).toEqual({ registered: true, digest: zero })
    expect(await facts.program(factoryMade)).toEqual({ registered: true, digest: h('d3') })
    expect(await facts.program(unknown)).toEqual({ registered: false, digest: zero })
  })

  it('behavior: a program registered after toBlock is not part of the batch, but is marked as counted', async () => {
    const facts = batchChainFacts({ atToBlock, atFactBlock, ringHint: 0n })
    expect(await facts.program(createdLater)).toEqual({
      registered: false,
      digest: zero,
      registeredLater: true,
    })
  })

  it('behavior: with no request after toBlock the live values at the fact block cover it, no hint needed', async () => {
    const quiet = await viewOf(
      { ...atFact, [mcSlots.acc]: hexToBigInt(h('a5')), [mcSlots.live]: live(5n, 9n) },
      12n,
    )
    expect(await batchChainFacts({ atToBlock, atFactBlock: quiet }).checkpointAt(TO_BLOCK)).toEqual({
      seq: 5n,
      acc: h('a5'),
    })
  })

  it('behavior: one view for both is decision 19 as before (all at toBlock)', async () => {
    const facts = batchChainFacts({ atToBlock, atFactBlock: atToBlock })
    expect(await facts.lastCommit()).toMatchObject({ commitId: h('c1') })
    expect(await facts.checkpointAt(TO_BLOCK)).toEqual({ seq: 5n, acc: h('a5') })
    expect(await facts.program(updated)).toEqual({ registered: true, digest: h('d1') })
  })

  it('error: a ring entry that does not cover toBlock, or none named, is refused', async () => {
    for (const ringHint of [1n, 2n, 2n ** 64n, undefined]) {
      const facts = batchChainFacts({ atToBlock, atFactBlock, ringHint })
      await expectCode(facts.checkpointAt(TO_BLOCK), 'ENCLAVE_BATCH_UNPROVEN')
    }
  })

  it('error: a ring entry overwritten by a later block is refused', async () => {
    // The ring wrapped: entry 0 now holds block 20's checkpoint (the commit passed block 9).
    const wrapped = await viewOf(
      {
        ...atFact,
        [mcSlots.ringAcc(0n)]: hexToBigInt(h('b0')),
        [mcSlots.ringMeta(0n)]: ringMeta(20n, 12n, 22n),
        [mcSlots.live]: live(14n, 23n),
      },
      24n,
    )
    const facts = batchChainFacts({ atToBlock, atFactBlock: wrapped, ringHint: 0n })
    await expectCode(facts.checkpointAt(TO_BLOCK), 'ENCLAVE_BATCH_UNPROVEN', 'covers blocks [20, 22)')
  })

  it('error: views that disagree about toBlock’s checkpoint (not one chain) are refused', async () => {
    const fork = await viewOf({ ...atFact, [mcSlots.ringAcc(0n)]: hexToBigInt(h('f5')) }, FACT_BLOCK)
    const facts = batchChainFacts({ atToBlock, atFactBlock: fork, ringHint: 0n })
    await expectCode(facts.checkpointAt(TO_BLOCK), 'ENCLAVE_BATCH_UNPROVEN', 'not one chain')
  })

  it('error: a checkpoint of another block, or a fact block before toBlock', async () => {
    const facts = batchChainFacts({ atToBlock, atFactBlock, ringHint: 0n })
    await expectCode(facts.checkpointAt(TO_BLOCK - 1n), 'ENCLAVE_BATCH_UNPROVEN')
    const early = await viewOf(atTo, TO_BLOCK - 1n)
    expect(() => batchChainFacts({ atToBlock, atFactBlock: early })).toThrow(RangeError)
  })
})

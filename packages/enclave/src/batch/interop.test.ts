/**
 * Factories and inter-contract execution through `executeBatch` (D3.1, D5, D9): a PairFactory
 * creates a Pair of two ConfidentialERC20 tokens inside the enclave; from that commit the pair
 * is a confidential program at its EVM address, administered by the factory, and users add
 * liquidity and trade through it as a top-level program across later batches. Every result is
 * checked as its sender decrypts it.
 */
import { confidentialErc20Artifact, pairArtifact, pairFactoryArtifact } from '@racetee/contracts'
import { encodeAclBody, resultStatus } from '@racetee/protocol'
import { type Address, decodeEventLog, getAddress, getContractAddress, maxUint256, zeroAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { programAddress } from './test/FakeChain.js'
import { WorkloadWorld } from './test/WorkloadWorld.js'

const A = getAddress('0x00000000000000000000000000000000000a11ce')
const B = getAddress('0x0000000000000000000000000000000000000b0b')
const [tokenA, tokenB, factory, tokenC] = [1, 2, 3, 4].map(programAddress) as [
  Address,
  Address,
  Address,
  Address,
]
const token = confidentialErc20Artifact
const pair = getContractAddress({ from: factory, nonce: 1n })
const SUPPLY = 10n ** 24n

/** Canonical order of a commit's lists (P0): by address as a 20-byte number. */
function byAddress(programs: Address[]): Address[] {
  return [...programs].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1))
}

function quote(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
}

/** Batch 1 (blocks 1-2): tokens and factory deployed by A, then A has the factory create the pair. */
async function pairCreated() {
  const w = new WorkloadWorld().register(tokenA, tokenB, factory, tokenC)
  for (const [t, symbol] of [
    [tokenA, 'TKA'],
    [tokenB, 'TKB'],
    [tokenC, 'TKC'],
  ] as const)
    await w.deploy(1n, A, t, token, [symbol, symbol, SUPPLY])
  await w.deploy(1n, A, factory, pairFactoryArtifact)
  const create = await w.call(2n, A, factory, pairFactoryArtifact.abi, 'createPair', [tokenA, tokenB])
  const first = await w.run(2n)
  return { w, create, first }
}

/** Batch 2 (blocks 3-4): A funds B and provides liquidity; B swaps A-tokens for B-tokens. */
async function pairTraded() {
  const created = await pairCreated()
  const { w } = created
  await w.call(3n, A, tokenA, token.abi, 'approve', [pair, maxUint256])
  await w.call(3n, A, tokenB, token.abi, 'approve', [pair, maxUint256])
  await w.call(3n, A, tokenA, token.abi, 'transfer', [B, 10n ** 21n])
  await w.call(3n, B, tokenA, token.abi, 'approve', [pair, maxUint256])
  const added = await w.call(4n, A, pair, pairArtifact.abi, 'addLiquidity', [10n ** 22n, 4n * 10n ** 22n])
  const swap = await w.call(4n, B, pair, pairArtifact.abi, 'swap', [tokenA, 10n ** 19n, 0n])
  const second = await w.run(4n)
  return { ...created, added, swap, second }
}

describe('executeBatch with a pair factory', () => {
  test('creates a pair in one batch and trades through it in the next', async () => {
    const { w, create, first, added, swap, second } = await pairTraded()
    // Batch 1: the pair is committed as created, by the factory, at the factory's nonce-1 address.
    expect(w.result(create).status).toBe(resultStatus.success)
    expect(w.value(create)).toBe(pair)
    expect(first.body.created).toEqual([{ program: pair, creator: factory, digest: expect.any(String) }])
    expect(first.body.updates.map((u) => u.program)).toEqual(byAddress([tokenA, tokenB, factory, tokenC]))

    // Batch 2: the pair is a top-level program; its swap moved both tokens in one request.
    expect(w.value(added)).toBe(2n * 10n ** 22n)
    const out = quote(10n ** 19n, 10n ** 22n, 4n * 10n ** 22n)
    const swapped = w.result(swap)
    expect(swapped.status).toBe(resultStatus.success)
    expect(w.value(swap)).toBe(out)
    expect(swapped.logs.map((l) => getAddress(l.address))).toEqual([tokenA, tokenB, pair])
    const event = decodeEventLog({
      abi: pairArtifact.abi,
      topics: swapped.logs[2]!.topics as never,
      data: swapped.logs[2]!.data,
    })
    expect(event).toMatchObject({
      eventName: 'Swap',
      args: { trader: B, tokenIn: tokenA, amountIn: 10n ** 19n, amountOut: out },
    })
    const pairUpdate = second.body.updates.find((u) => u.program === pair)
    expect(pairUpdate?.prevDigest).toBe(first.body.created[0]?.digest)
    expect(second.body.created).toEqual([])
    expect(second.body.updates.map((u) => u.program)).toEqual(byAddress([tokenA, tokenB, pair]))
  })

  test("behavior: the pair's admin is the factory; the factory's nonce and the pair's state carry across batches", async () => {
    const { w } = await pairTraded()
    expect(await w.access(pair)).toEqual({ admin: factory, acl: [] })
    expect(await w.access(factory)).toEqual({ admin: A, acl: [] })

    // Batch 3: B sells its B-tokens back; the same pair again is refused; a new pair gets nonce 2.
    const balance = await w.call(5n, B, tokenB, token.abi, 'balanceOf', [B])
    const again = await w.call(5n, A, factory, pairFactoryArtifact.abi, 'createPair', [tokenB, tokenA])
    const next = await w.call(5n, A, factory, pairFactoryArtifact.abi, 'createPair', [tokenA, tokenC])
    // A deployed the pair's factory, not the pair: its ACL change is refused.
    const aclByA = await w.acl(5n, A, pair, encodeAclBody({ acl: [A], newAdmin: zeroAddress }))
    const third = await w.run(5n)
    const held = w.value(balance) as bigint
    expect(held).toBe(quote(10n ** 19n, 10n ** 22n, 4n * 10n ** 22n))
    expect(w.result(again).status).toBe(resultStatus.reverted)
    expect(w.value(next)).toBe(getContractAddress({ from: factory, nonce: 2n }))
    expect(third.body.created.map((c) => [c.program, c.creator])).toEqual([
      [getContractAddress({ from: factory, nonce: 2n }), factory],
    ])
    expect(w.result(aclByA).status).toBe(resultStatus.accessDenied)

    await w.call(6n, B, tokenB, token.abi, 'approve', [pair, maxUint256])
    const back = await w.call(7n, B, pair, pairArtifact.abi, 'swap', [tokenB, held, 0n])
    const reserves = await w.call(7n, B, pair, pairArtifact.abi, 'getReserves')
    await w.run(7n)
    const reserveA = 10n ** 22n + 10n ** 19n
    const reserveB = 4n * 10n ** 22n - held
    const backOut = quote(held, reserveB, reserveA)
    expect(w.value(back)).toBe(backOut)
    expect(w.value(reserves)).toEqual([reserveA - backOut, reserveB + held])
  })

  test('error: a trade below its minimum reverts and leaves the pair and both tokens as they were', async () => {
    const { w } = await pairTraded()
    const digests = () => [tokenA, tokenB, pair].map((p) => w.chain.digest(p))
    const before = digests()
    const greedy = await w.call(5n, B, pair, pairArtifact.abi, 'swap', [tokenA, 10n ** 18n, 10n ** 30n])
    const output = await w.run(5n)
    const result = w.result(greedy)
    expect(result.status).toBe(resultStatus.reverted)
    expect(result.logs).toEqual([])
    expect(output.body.updates).toEqual([])
    expect(digests()).toEqual(before)
  })
})

/**
 * The engine across programs (D5 "Inter-contract calls", D9 workloads): the DEX moving two
 * tokens in one request, a call cycle, re-entrancy, a revert deep in a call chain, the T and C
 * limits, and a factory whose nonce persists across batches. Addresses, callers, calldata and
 * request order repeat the public runs of contracts/test/workloads (dex.test.ts, interop.test.ts)
 * on anvil, so the gas figures asserted here are the ones anvil's receipts give there.
 */
import { bytesToHex } from '@ethereumjs/util'
import { resultStatus } from '@racetee/protocol'
import { type Address, decodeErrorResult, decodeEventLog, getContractAddress, maxUint256 } from 'viem'
import { describe, expect, it } from 'vitest'
// The engine does not depend on @racetee/contracts; like the Solidity sources, read by path.
import { quickSelectValues as workloadValues } from '../../../contracts/workloads/quickSelectValues.js'
import { EvmEngine } from './EvmEngine.js'
import { CarriedState } from './test/CarriedState.js'
import { workload } from './test/compileWorkloads.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { tag, testConfig } from './test/requests.js'
import { DEPLOYER, deployedAt, USER, WorkloadSession } from './test/WorkloadSession.js'
import type { EngineConfig, ExecutionLog } from './types.js'

const TOKEN = 'ConfidentialERC20'
const DEX = 'ConfidentialDex'

/** A fresh engine over `count` registered, undeployed programs at anvil's first addresses. */
async function session(count: number, config: EngineConfig = testConfig): Promise<WorkloadSession> {
  const loader = new MemoryLoader()
  for (let i = 0; i < count; i++) loader.register(deployedAt(i), null)
  return new WorkloadSession(await EvmEngine.create(config, loader))
}

function quote(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
}

function eventName(name: string, log: ExecutionLog): string | undefined {
  return decodeEventLog({ abi: workload(name).abi, topics: log.topics as never, data: log.data }).eventName
}

/** dex.test.ts's setup: tokens A and B, the DEX, the trader funded, both approving the DEX. */
async function dexSession(config: EngineConfig = testConfig) {
  const s = await session(3, config)
  const [a, b, dex] = [deployedAt(0), deployedAt(1), deployedAt(2)]
  await s.deploy(TOKEN, a, ['Token A', 'TKA', 10n ** 24n])
  await s.deploy(TOKEN, b, ['Token B', 'TKB', 10n ** 24n])
  await s.deploy(DEX, dex, [a, b])
  for (const token of [a, b]) {
    await s.call(TOKEN, token, 'transfer', [USER, 10n ** 21n])
    for (const caller of [DEPLOYER, USER])
      await s.call(TOKEN, token, 'approve', [dex, maxUint256], { caller })
  }
  return { s, a, b, dex }
}

describe('EvmEngine across programs', () => {
  it("runs a DEX swap that moves two tokens in one request, with anvil's gas", async () => {
    const { s, a, b, dex } = await dexSession()
    const added = await s.call(DEX, dex, 'addLiquidity', [4n * 10n ** 21n, 10n ** 21n])
    expect(added).toMatchObject({
      outcome: { status: resultStatus.success, gasUsed: 185_040n },
      result: 2n * 10n ** 21n,
    })
    const expected = quote(10n ** 19n, 4n * 10n ** 21n, 10n ** 21n)
    const first = await s.call(DEX, dex, 'swap', [a, 10n ** 19n, expected], { caller: USER })
    expect(first.result).toBe(expected)
    // Transfer on A (trader → DEX), Transfer on B (DEX → trader), then the DEX's Swap.
    expect(first.outcome.logs.map((l) => l.address.toLowerCase())).toEqual(
      [a, b, dex].map((x) => x.toLowerCase()),
    )
    expect(first.outcome.logs.map((l, i) => eventName(i < 2 ? TOKEN : DEX, l))).toEqual([
      'Transfer',
      'Transfer',
      'Swap',
    ])
    const swapTag = tag(s.next)
    const second = await s.call(DEX, dex, 'swap', [a, 10n ** 19n, 0n], { caller: USER })
    expect(second.outcome).toMatchObject({ status: resultStatus.success, gasUsed: 69_906n })
    const changed = s.engine.changes().changed
    expect(changed.map((c) => c.address.toLowerCase())).toEqual(
      [a, b, dex].map((x) => x.toLowerCase()).sort(),
    )
    // The last swap wrote all three programs.
    for (const c of changed) expect(c.pages.some((p) => p.writeTag === swapTag)).toBe(true)
  })

  it('behavior: a call cycle A → B → A … returns and writes as on anvil (5 hops, 3 visits each, same gas)', async () => {
    const s = await session(2)
    const [a, b] = [deployedAt(0), deployedAt(1)]
    await s.deploy('Ping', a)
    await s.deploy('Ping', b)
    const bounced = await s.call('Ping', a, 'bounce', [b, 5n], { caller: USER })
    expect(bounced).toMatchObject({ outcome: { status: resultStatus.success, gasUsed: 74_680n }, result: 5n })
    for (const p of [a, b]) expect((await s.call('Ping', p, 'visits')).result).toBe(3n)
  })

  it('behavior: C reverting under B under A rolls back all three and only this request; A catching keeps A', async () => {
    const s = await session(5)
    const [c, b, a] = [deployedAt(2), deployedAt(3), deployedAt(4)]
    await s.deploy('Link', c, ['0x0000000000000000000000000000000000000000', true])
    await s.deploy('Link', b, [c, false])
    await s.deploy('Link', a, [b, false])
    const reverted = await s.call('Link', a, 'poke', [], { caller: USER })
    expect(reverted.outcome).toMatchObject({ status: resultStatus.reverted, gasUsed: 94_031n, logs: [] })
    const error = decodeErrorResult({
      abi: workload('Link').abi,
      data: bytesToHex(reverted.outcome.returnData),
    })
    expect(error).toMatchObject({ errorName: 'Refused', args: [1n] })
    const caught = await s.call('Link', a, 'pokeCatching', [], { caller: USER })
    expect(caught).toMatchObject({
      outcome: { status: resultStatus.success, gasUsed: 94_066n },
      result: false,
    })
    // A later failing request undoes itself only: the hit A kept from the earlier request stays.
    expect((await s.call('Link', a, 'poke', [], { caller: USER })).outcome.status).toBe(resultStatus.reverted)
    const hits = [] as unknown[]
    for (const p of [a, b, c]) hits.push((await s.call('Link', p, 'hits')).result)
    expect(hits).toEqual([1n, 0n, 0n])
    // Deploys wrote code only; the only storage written is A's one hit.
    const pages = s.engine.changes().changed.filter((x) => x.pages.length > 0)
    expect(pages.map((x) => x.address.toLowerCase())).toEqual([a.toLowerCase()])
  })

  it('behavior: a token re-entering the DEX is refused by its guard and the outer swap completes, as on anvil', async () => {
    const s = await session(8)
    const [evil, good, dex] = [deployedAt(5), deployedAt(6), deployedAt(7)]
    await s.deploy('ReentrantToken', evil, [10n ** 24n])
    await s.deploy(TOKEN, good, ['Good', 'GD', 10n ** 24n])
    await s.deploy(DEX, dex, [evil, good])
    await s.call(TOKEN, good, 'approve', [dex, maxUint256])
    await s.call(DEX, dex, 'addLiquidity', [10n ** 20n, 10n ** 20n])
    await s.call('ReentrantToken', evil, 'arm', [dex])
    const swapped = await s.call(DEX, dex, 'swap', [evil, 10n ** 18n, 0n])
    expect(swapped).toMatchObject({
      outcome: { status: resultStatus.success, gasUsed: 91_166n },
      result: quote(10n ** 18n, 10n ** 20n, 10n ** 20n),
    })
    expect((await s.call('ReentrantToken', evil, 'reentered')).result).toBe(false)
    const reason = (await s.call('ReentrantToken', evil, 'reentryError')).result as `0x${string}`
    expect(decodeErrorResult({ abi: workload(DEX).abi, data: reason }).errorName).toBe('ReentrantCall')
  })

  it("behavior: PairFactory's nonce persists across batches: the next pair gets the next CREATE address", async () => {
    const state = new CarriedState()
    for (let i = 0; i < 4; i++) state.register(deployedAt(i), null)
    const [factory, t0, t1, t2] = [0, 1, 2, 3].map(deployedAt) as [Address, Address, Address, Address]
    const first = new WorkloadSession(await EvmEngine.create(testConfig, state.loader()))
    await first.deploy('PairFactory', factory)
    for (const token of [t0, t1, t2]) await first.deploy(TOKEN, token, ['T', 'T', 10n ** 24n])
    const created = await first.call('PairFactory', factory, 'createPair', [t0, t1])
    const pair = getContractAddress({ from: factory, nonce: 1n })
    expect(created.result).toBe(pair)
    const changes = first.engine.changes()
    expect(changes.changed.find((c) => c.address.toLowerCase() === pair.toLowerCase())?.creator).toBe(
      factory.toLowerCase(),
    )
    expect(changes.changed.find((c) => c.address.toLowerCase() === factory.toLowerCase())?.nonce?.nonce).toBe(
      2n,
    )
    state.apply(changes)

    // Batch 2: a new engine over the carried state; the pair is a program like any other.
    const second = new WorkloadSession(await EvmEngine.create(testConfig, state.loader()), first.next)
    const another = await second.call('PairFactory', factory, 'createPair', [t0, t2])
    expect(another.result).toBe(getContractAddress({ from: factory, nonce: 2n }))
    for (const token of [t0, t1]) await second.call(TOKEN, token, 'approve', [pair, maxUint256])
    expect((await second.call('Pair', pair, 'addLiquidity', [10n ** 20n, 10n ** 20n])).outcome.status).toBe(
      resultStatus.success,
    )
    const swapped = await second.call('Pair', pair, 'swap', [t0, 10n ** 18n, 0n])
    expect(swapped.result).toBe(quote(10n ** 18n, 10n ** 20n, 10n ** 20n))
    expect((await second.call('Pair', pair, 'factory')).result).toBe(factory)
    expect(
      second.engine.changes().changed.find((c) => c.address === factory.toLowerCase())?.nonce?.nonce,
    ).toBe(3n)
  })

  it('behavior: the computation workloads cost in a request what they cost on anvil (QuickSelect, cal)', async () => {
    // quickSelect.test.ts and cal.test.ts: each deployed first by the deployer, called by the user.
    const s = await session(1)
    const program = deployedAt(0)
    await s.deploy('QuickSelect', program)
    const values = workloadValues(2048)
    for (let i = 0; i < values.length; i += 256)
      expect((await s.call('QuickSelect', program, 'load', [values.slice(i, i + 256)])).outcome.status).toBe(
        resultStatus.success,
      )
    const sorted = [...values].sort((x, y) => x - y)
    const selected = await s.call('QuickSelect', program, 'select', [1000n], {
      caller: USER,
      gasLimit: 1n << 24n,
    })
    expect(selected).toMatchObject({ outcome: { gasUsed: 2_946_535n }, result: BigInt(sorted[999]!) })

    const c = await session(1)
    await c.deploy('Cal', deployedAt(0))
    const cal = await c.call('Cal', deployedAt(0), 'cal', [100_000n], { caller: USER, gasLimit: 1n << 24n })
    expect(cal).toMatchObject({
      outcome: { status: resultStatus.success, gasUsed: 8_821_509n },
      result: -50_000n,
    })
  })

  it('error: a swap touching three programs under T = 2 ends limitExceeded, charged its gas limit, changing nothing', async () => {
    const { s, a, dex } = await dexSession({ ...testConfig, maxProgramsPerRequest: 2 })
    // approve touched one program each; addLiquidity needs the DEX and both tokens.
    const before = s.engine.changes()
    const added = await s.call(DEX, dex, 'addLiquidity', [10n ** 20n, 10n ** 20n], { gasLimit: 400_000n })
    expect(added.outcome).toMatchObject({ status: resultStatus.limitExceeded, gasUsed: 400_000n, logs: [] })
    expect(s.engine.changes()).toEqual(before)
    expect((await s.call(TOKEN, a, 'transfer', [USER, 1n])).outcome.status).toBe(resultStatus.success)
  })

  it('error: createPair under C = 0 ends limitExceeded and registers no pair', async () => {
    const s = await session(3, { ...testConfig, maxCreatesPerRequest: 0 })
    const [factory, t0, t1] = [deployedAt(0), deployedAt(1), deployedAt(2)]
    await s.deploy('PairFactory', factory)
    const created = await s.call('PairFactory', factory, 'createPair', [t0, t1], { gasLimit: 2_000_000n })
    expect(created.outcome).toMatchObject({ status: resultStatus.limitExceeded, gasUsed: 2_000_000n })
    expect((await s.call('PairFactory', factory, 'allPairsLength')).result).toBe(0n)
    expect(s.engine.changes().changed.map((c) => c.address)).toEqual([factory.toLowerCase()])
  })
})

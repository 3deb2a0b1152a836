/**
 * The engine at program boundaries (D5): value refused, limits T and C, ACL at top level and
 * deeper, and factories creating programs.
 */
import { bytesToHex } from '@ethereumjs/util'
import { resultStatus } from '@racetee/protocol'
import { decodeFunctionResult, encodeFunctionData, getContractAddress, type Hex, parseAbi, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { EvmEngine } from './EvmEngine.js'
import { initCodeOf, runtimeOf } from './test/compileSolidity.js'
import { testContracts } from './test/contracts.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { ALICE, BOB, callRequest, tag, testConfig } from './test/requests.js'
import type { AccessPolicy } from './types.js'

const COUNTER: Hex = '0x1000000000000000000000000000000000000001'
const RELAY: Hex = '0x2000000000000000000000000000000000000002'
const FACTORY: Hex = '0x3000000000000000000000000000000000000003'

const counterAbi = parseAbi(['function bump()', 'function count() view returns (uint256)'])
const relayAbi = parseAbi([
  'function relay(address,bytes) returns (bool,bytes)',
  'function relayOrRevert(address,bytes) returns (bytes)',
  'function pay(address) returns (bool)',
])
const factoryAbi = parseAbi(['function make(uint256) returns (address)', 'function makeMany(uint256)'])
const bump = encodeFunctionData({ abi: counterAbi, functionName: 'bump' })

function loader(): MemoryLoader {
  const c = testContracts()
  return new MemoryLoader()
    .register(COUNTER, { code: runtimeOf(c, 'Counter') })
    .register(RELAY, { code: runtimeOf(c, 'Relay') })
    .register(FACTORY, { code: runtimeOf(c, 'Factory') })
}

/** Denies `caller` → `program` pairs listed as "caller>program". */
function denying(...pairs: string[]): AccessPolicy {
  return { isAllowed: async (caller, program) => !pairs.includes(`${caller}>${program}`.toLowerCase()) }
}

describe('EvmEngine boundaries', () => {
  it('lets a program call another program', async () => {
    const engine = await EvmEngine.create(testConfig, loader())
    const relay = encodeFunctionData({ abi: relayAbi, functionName: 'relayOrRevert', args: [COUNTER, bump] })
    expect((await engine.execute(callRequest(RELAY, relay))).status).toBe(resultStatus.success)
    expect(engine.changes().changed.map((c) => c.address)).toEqual([COUNTER])
  })

  it('behavior: a factory creates a program at its CREATE2 address with its creator', async () => {
    const engine = await EvmEngine.create(testConfig, loader())
    const make = encodeFunctionData({ abi: factoryAbi, functionName: 'make', args: [7n] })
    const outcome = await engine.execute(callRequest(FACTORY, make, 1))
    expect(outcome.status).toBe(resultStatus.success)
    const child = getContractAddress({
      opcode: 'CREATE2',
      from: FACTORY,
      salt: toHex(7n, { size: 32 }),
      bytecode: initCodeOf(testContracts(), 'Child'),
    }).toLowerCase()
    const returned = decodeFunctionResult({
      abi: factoryAbi,
      functionName: 'make',
      data: bytesToHex(outcome.returnData),
    })
    expect(returned.toLowerCase()).toBe(child)
    const changes = engine.changes()
    const created = changes.changed.find((c) => c.address === child)
    expect(created).toMatchObject({
      creator: FACTORY,
      code: { code: runtimeOf(testContracts(), 'Child'), writeTag: tag(1) },
      nonce: { nonce: 1n, writeTag: tag(1) },
    })
    expect(created?.pages[0]?.slots).toHaveLength(1)
    // The factory's own nonce moved (EIP-161 creation nonce)
    expect(changes.changed.find((c) => c.address === FACTORY)?.nonce).toEqual({ nonce: 2n, writeTag: tag(1) })
  })

  it('behavior: a program created earlier in the batch can be called by later requests', async () => {
    const engine = await EvmEngine.create(testConfig, loader())
    const make = encodeFunctionData({ abi: factoryAbi, functionName: 'make', args: [1n] })
    const outcome = await engine.execute(callRequest(FACTORY, make, 1))
    const child = decodeFunctionResult({
      abi: factoryAbi,
      functionName: 'make',
      data: bytesToHex(outcome.returnData),
    })
    const x = encodeFunctionData({
      abi: parseAbi(['function x() view returns (uint256)']),
      functionName: 'x',
    })
    const read = await engine.execute(callRequest(child, x, 2))
    expect(read.status).toBe(resultStatus.success)
    expect(BigInt(bytesToHex(read.returnData))).toBe(7n)
  })

  it('behavior: a call carrying value refuses the whole request', async () => {
    const engine = await EvmEngine.create(testConfig, loader())
    const pay = encodeFunctionData({ abi: relayAbi, functionName: 'pay', args: [BOB] })
    const outcome = await engine.execute(callRequest(RELAY, pay, 1, { gasLimit: 200_000n }))
    expect(outcome).toMatchObject({ status: resultStatus.valueRefused, gasUsed: 200_000n, logs: [] })
    expect(engine.changes().changed).toEqual([])
  })

  it('behavior: touching more than T programs is limitExceeded, rolled back', async () => {
    const engine = await EvmEngine.create({ ...testConfig, maxProgramsPerRequest: 1 }, loader())
    const relay = encodeFunctionData({ abi: relayAbi, functionName: 'relay', args: [COUNTER, bump] })
    expect((await engine.execute(callRequest(RELAY, relay))).status).toBe(resultStatus.limitExceeded)
    expect((await engine.execute(callRequest(COUNTER, bump, 2))).status).toBe(resultStatus.success)
    expect(engine.changes().changed[0]?.pages[0]?.writeTag).toBe(tag(2))
  })

  it('behavior: creating more than C programs is limitExceeded, rolled back', async () => {
    const engine = await EvmEngine.create({ ...testConfig, maxCreatesPerRequest: 2 }, loader())
    const many = (n: bigint) => encodeFunctionData({ abi: factoryAbi, functionName: 'makeMany', args: [n] })
    expect((await engine.execute(callRequest(FACTORY, many(3n), 1))).status).toBe(resultStatus.limitExceeded)
    expect(engine.changes().changed).toEqual([])
    expect((await engine.execute(callRequest(FACTORY, many(2n), 2))).status).toBe(resultStatus.success)
    expect(engine.changes().changed).toHaveLength(3)
  })

  it('behavior: a refused nested call fails like a revert the caller can catch or bubble up', async () => {
    const policy = denying(`${RELAY}>${COUNTER}`)
    const engine = await EvmEngine.create(testConfig, loader(), policy)
    const caught = encodeFunctionData({ abi: relayAbi, functionName: 'relay', args: [COUNTER, bump] })
    const outcome = await engine.execute(callRequest(RELAY, caught, 1))
    expect(outcome.status).toBe(resultStatus.success)
    const [ok] = decodeFunctionResult({
      abi: relayAbi,
      functionName: 'relay',
      data: bytesToHex(outcome.returnData),
    })
    expect(ok).toBe(false)
    const bubbled = encodeFunctionData({
      abi: relayAbi,
      functionName: 'relayOrRevert',
      args: [COUNTER, bump],
    })
    expect((await engine.execute(callRequest(RELAY, bubbled, 2))).status).toBe(resultStatus.reverted)
    expect(engine.changes().changed).toEqual([])
    // The account itself may still call the program directly
    expect((await engine.execute(callRequest(COUNTER, bump, 3))).status).toBe(resultStatus.success)
  })

  it('error: a caller refused at the top level gets accessDenied and changes nothing', async () => {
    const engine = await EvmEngine.create(testConfig, loader(), denying(`${BOB}>${COUNTER}`))
    const denied = await engine.execute(callRequest(COUNTER, bump, 1, { caller: BOB }))
    // What the transaction would use reaching nothing: 4 selector bytes, floor 21000 + 10 · 16 tokens
    expect(denied).toMatchObject({ status: resultStatus.accessDenied, gasUsed: 21_000n + 10n * 16n })
    expect((await engine.execute(callRequest(COUNTER, bump, 2, { caller: ALICE }))).status).toBe(
      resultStatus.success,
    )
  })
})

import { bytesToHex } from '@ethereumjs/util'
import { isRaceteeError, RaceteeError, resultStatus } from '@racetee/protocol'
import { decodeFunctionResult, encodeFunctionData, getAddress, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { EvmEngine } from './EvmEngine.js'
import { initCodeOf, runtimeOf } from './test/compileSolidity.js'
import { testContracts } from './test/contracts.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { BOB, callRequest, deployRequest, MC, tag, testBlock, testConfig } from './test/requests.js'

const counterAbi = parseAbi([
  'function count() view returns (uint256)',
  'function bump()',
  'function set(uint256)',
  'function setCell(uint256,uint256)',
  'function touchAndRestore()',
  'function fail()',
  'function burn()',
])
const PROGRAM: Hex = '0x1000000000000000000000000000000000000001'

async function deployedCounter() {
  const loader = new MemoryLoader().register(PROGRAM, null)
  const engine = await EvmEngine.create(testConfig, loader)
  const deployed = await engine.execute(deployRequest(PROGRAM, initCodeOf(testContracts(), 'Counter')))
  expect(deployed.status).toBe(resultStatus.success)
  return { loader, engine }
}

function count(engine: EvmEngine, n: number) {
  return engine.execute(
    callRequest(PROGRAM, encodeFunctionData({ abi: counterAbi, functionName: 'count' }), n),
  )
}

describe('EvmEngine', () => {
  it('deploys a program at its given address and calls it', async () => {
    const { engine } = await deployedCounter()
    const bump = await engine.execute(
      callRequest(PROGRAM, encodeFunctionData({ abi: counterAbi, functionName: 'bump' }), 2),
    )
    expect(bump.status).toBe(resultStatus.success)
    expect(bump.logs).toHaveLength(1)
    expect(bump.logs[0]?.address).toBe(PROGRAM)
    const read = await count(engine, 3)
    expect(
      decodeFunctionResult({ abi: counterAbi, functionName: 'count', data: bytesToHex(read.returnData) }),
    ).toBe(1n)
    const changes = engine.changes()
    expect(changes.changed).toHaveLength(1)
    const program = changes.changed[0]!
    expect(program.address).toBe(PROGRAM)
    expect(program.creator).toBeNull()
    expect(program.code?.writeTag).toBe(tag(1))
    expect(program.nonce).toEqual({ nonce: 1n, writeTag: tag(1) })
    expect(program.pages).toEqual([
      { page: 0n, slots: [{ offset: 0, value: hexWord(1n) }], writeTag: tag(2) },
    ])
  })

  it('behavior: a revert rolls back that request alone; later requests see earlier effects', async () => {
    const { engine } = await deployedCounter()
    await engine.execute(callRequest(PROGRAM, data('bump'), 2))
    const failed = await engine.execute(callRequest(PROGRAM, data('fail'), 3))
    expect(failed.status).toBe(resultStatus.reverted)
    // Error("nope"): selector 0x08c379a0
    expect(bytesToHex(failed.returnData).slice(0, 10)).toBe('0x08c379a0')
    expect(failed.logs).toEqual([])
    await engine.execute(callRequest(PROGRAM, data('bump'), 4))
    expect(await countOf(engine)).toBe(2n)
    expect(engine.changes().changed[0]?.pages[0]?.writeTag).toBe(tag(4))
  })

  it('behavior: out of gas rolls back and uses the whole gas limit', async () => {
    const { engine } = await deployedCounter()
    const burnt = await engine.execute(callRequest(PROGRAM, data('burn'), 2, { gasLimit: 100_000n }))
    expect(burnt).toMatchObject({ status: resultStatus.outOfGas, gasUsed: 100_000n })
    expect(await countOf(engine)).toBe(0n)
  })

  it('behavior: a static call reads as a plain call does and halts at the first state change (D7 reads)', async () => {
    const { engine } = await deployedCounter()
    await engine.execute(callRequest(PROGRAM, data('bump'), 2))
    const plain = await engine.execute(callRequest(PROGRAM, data('count'), 3))
    const staticRead = await engine.execute(callRequest(PROGRAM, data('count'), 4, { static: true }))
    expect(staticRead).toEqual(plain)
    expect(staticRead.staticViolation).toBeUndefined()

    const write = await engine.execute(
      callRequest(PROGRAM, data('bump'), 5, { gasLimit: 200_000n, static: true }),
    )
    expect(write).toMatchObject({ status: resultStatus.evmHalt, staticViolation: true, logs: [] })
    expect(await countOf(engine)).toBe(1n)
    // Not static: the same call writes.
    expect((await engine.execute(callRequest(PROGRAM, data('bump'), 6))).staticViolation).toBeUndefined()
    expect(await countOf(engine)).toBe(2n)
  })

  it('behavior: block fields come from the request, blockhash(number - 1) is the parent hash', async () => {
    const info = '0x4000000000000000000000000000000000000004'
    const loader = new MemoryLoader().register(info, { code: runtimeOf(testContracts(), 'BlockInfo') })
    const engine = await EvmEngine.create(testConfig, loader)
    const abi = parseAbi([
      'function info() view returns (uint256,uint256,uint256,address,uint256,uint256,uint256,bytes32,bytes32,address,uint256)',
    ])
    const outcome = await engine.execute(
      callRequest(info, encodeFunctionData({ abi, functionName: 'info' }), 1, {
        caller: BOB,
        gasLimit: 345_678n,
      }),
    )
    const fields = decodeFunctionResult({ abi, functionName: 'info', data: bytesToHex(outcome.returnData) })
    expect(fields).toEqual([
      testBlock.number,
      testBlock.timestamp,
      testConfig.chainId,
      getAddress(MC),
      BigInt(testBlock.prevrandao),
      345_678n,
      0n,
      testBlock.parentHash,
      `0x${'00'.repeat(32)}`,
      getAddress(BOB),
      0n,
    ])
  })

  it('behavior: a deferred prevrandao is derived once, when read, and never for requests that do not read it', async () => {
    const info = '0x4000000000000000000000000000000000000004'
    const loader = new MemoryLoader()
      .register(info, { code: runtimeOf(testContracts(), 'BlockInfo') })
      .register(PROGRAM, { code: runtimeOf(testContracts(), 'Counter') })
    const engine = await EvmEngine.create(testConfig, loader)
    const abi = parseAbi([
      'function info() view returns (uint256,uint256,uint256,address,uint256,uint256,uint256,bytes32,bytes32,address,uint256)',
    ])
    let derived = 0
    const block = {
      ...testBlock,
      prevrandao: () => {
        derived += 1
        return testBlock.prevrandao
      },
    }
    const bumped = await engine.execute({ ...callRequest(PROGRAM, data('bump'), 1), block })
    expect(bumped.status).toBe(resultStatus.success)
    expect(derived).toBe(0)
    const outcome = await engine.execute({
      ...callRequest(info, encodeFunctionData({ abi, functionName: 'info' }), 2),
      block,
    })
    const fields = decodeFunctionResult({ abi, functionName: 'info', data: bytesToHex(outcome.returnData) })
    expect(fields[4]).toBe(BigInt(testBlock.prevrandao))
    expect(derived).toBe(1)
  })

  it('behavior: a page written by requests 1 and 3 carries tag 3; a page changed and restored is unchanged', async () => {
    const loader = new MemoryLoader().register(PROGRAM, { code: runtimeOf(testContracts(), 'Counter') })
    const engine = await EvmEngine.create(testConfig, loader)
    await engine.execute(callRequest(PROGRAM, data('set', [5n]), 1))
    await engine.execute(callRequest(PROGRAM, data('setCell', [1n, 2n]), 2))
    await engine.execute(callRequest(PROGRAM, data('set', [6n]), 3))
    const changes = engine.changes()
    const pages = changes.changed[0]!.pages
    expect(pages.find((p) => p.page === 0n)?.writeTag).toBe(tag(3))
    expect(pages.filter((p) => p.writeTag === tag(2))).toHaveLength(1)
    expect(changes.changed[0]!.nonce).toBeNull()
    expect(changes.changed[0]!.code).toBeNull()

    const restoring = await EvmEngine.create(testConfig, loader)
    const outcome = await restoring.execute(callRequest(PROGRAM, data('touchAndRestore'), 4))
    expect(outcome.status).toBe(resultStatus.success)
    expect(restoring.changes()).toEqual({ changed: [], loaded: [PROGRAM] })
  })

  it('behavior: storage loads lazily, one page at a time', async () => {
    const loader = new MemoryLoader().register(PROGRAM, {
      code: runtimeOf(testContracts(), 'Counter'),
      storage: new Map([[0n, word(41n)]]),
    })
    const engine = await EvmEngine.create(testConfig, loader)
    await engine.execute(callRequest(PROGRAM, data('bump'), 1))
    await engine.execute(callRequest(PROGRAM, data('bump'), 2))
    expect(loader.calls.filter((c) => c.startsWith(`loadPage ${PROGRAM}`))).toEqual([`loadPage ${PROGRAM} 0`])
    expect(engine.changes().changed[0]?.pages).toEqual([
      { page: 0n, slots: [{ offset: 0, value: word(43n) }], writeTag: tag(2) },
    ])
  })

  it('behavior: changes are in canonical order whatever the order of access', async () => {
    const low: Hex = '0x0000000000000000000000000000000000000101'
    const high: Hex = '0xf000000000000000000000000000000000000001'
    const reader: Hex = '0x0000000000000000000000000000000000000202'
    const code = runtimeOf(testContracts(), 'Counter')
    const loader = new MemoryLoader()
      .register(low, { code })
      .register(high, { code })
      .register(reader, { code })
    const engine = await EvmEngine.create(testConfig, loader)
    for (const [i, k] of [900n, 3n, 77n, 12_345n].entries()) {
      await engine.execute(callRequest(high, data('setCell', [k, 1n]), i + 1))
    }
    await engine.execute(callRequest(reader, data('count'), 5))
    await engine.execute(callRequest(low, data('bump'), 6))
    const changes = engine.changes()
    expect(changes.changed.map((c) => c.address)).toEqual([low, high])
    expect(changes.loaded).toEqual([reader])
    const pages = changes.changed[1]!.pages.map((p) => p.page)
    expect(pages).toEqual([...pages].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(pages).toHaveLength(4)
  })

  it('behavior: two engines over the same inputs give identical outcomes and changes', async () => {
    const run = async () => {
      const { engine } = await deployedCounter()
      const outcomes = []
      for (const [i, d] of [data('bump'), data('fail'), data('setCell', [9n, 3n]), data('bump')].entries()) {
        outcomes.push(await engine.execute(callRequest(PROGRAM, d, i + 2)))
      }
      return stableJson({ outcomes, changes: engine.changes() })
    }
    expect(await run()).toBe(await run())
  })

  it('error: a call to an address without a deployed program is programNotFound', async () => {
    const { engine } = await deployedCounter()
    const nowhere = await engine.execute(callRequest(BOB, data('bump'), 2))
    expect(nowhere.status).toBe(resultStatus.programNotFound)
    const undeployed: Hex = '0x5000000000000000000000000000000000000005'
    const loader = new MemoryLoader().register(undeployed, null)
    const other = await EvmEngine.create(testConfig, loader)
    expect((await other.execute(callRequest(undeployed, data('bump')))).status).toBe(
      resultStatus.programNotFound,
    )
    expect(other.changes()).toEqual({ changed: [], loaded: [undeployed] })
  })

  it('error: a reverting constructor stores nothing', async () => {
    const loader = new MemoryLoader().register(PROGRAM, null)
    const engine = await EvmEngine.create(testConfig, loader)
    const initCode = new Uint8Array([...initCodeOf(testContracts(), 'Reverter'), ...word(1n)])
    const outcome = await engine.execute(deployRequest(PROGRAM, initCode))
    expect(outcome.status).toBe(resultStatus.reverted)
    expect(engine.changes()).toEqual({ changed: [], loaded: [PROGRAM] })
    expect((await engine.execute(callRequest(PROGRAM, data('count'), 2))).status).toBe(
      resultStatus.programNotFound,
    )
  })

  it('error: loader faults propagate as RaceteeError, never as outcomes', async () => {
    const loader = new MemoryLoader().register(PROGRAM, { code: runtimeOf(testContracts(), 'Counter') })
    const engine = await EvmEngine.create(testConfig, loader)
    const missing = new RaceteeError('ENGINE_PROGRAM_UNAVAILABLE', 'blob missing')
    loader.fail = (call) => (call.startsWith('loadPage') ? missing : undefined)
    await expect(engine.execute(callRequest(PROGRAM, data('bump')))).rejects.toBe(missing)
    loader.fail = (call) => (call.startsWith('loadPage') ? new TypeError('boom') : undefined)
    const wrapped = await engine.execute(callRequest(PROGRAM, data('bump'))).catch((e: unknown) => e)
    expect(isRaceteeError(wrapped, 'ENGINE_PROGRAM_UNAVAILABLE')).toBe(true)
    loader.fail = undefined
    expect((await engine.execute(callRequest(PROGRAM, data('bump'), 3))).status).toBe(resultStatus.success)
  })
})

function data(name: 'bump' | 'fail' | 'burn' | 'count' | 'touchAndRestore'): Hex
function data(name: 'set', args: [bigint]): Hex
function data(name: 'setCell', args: [bigint, bigint]): Hex
function data(name: string, args: bigint[] = []): Hex {
  return encodeFunctionData({ abi: counterAbi, functionName: name, args } as never)
}

async function countOf(engine: EvmEngine): Promise<bigint> {
  const read = await count(engine, 99)
  return decodeFunctionResult({ abi: counterAbi, functionName: 'count', data: bytesToHex(read.returnData) })
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? bytesToHex(v) : v,
  )
}

const word = hexWord

function hexWord(v: bigint): Uint8Array {
  const word = new Uint8Array(32)
  let x = v
  for (let i = 31; i >= 0 && x > 0n; i--) {
    word[i] = Number(x & 255n)
    x >>= 8n
  }
  return word
}

import { bytesToHex } from '@ethereumjs/util'
import { resultStatus } from '@racetee/protocol'
import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { EvmEngine } from './EvmEngine.js'
import { initCodeOf } from './test/compileSolidity.js'
import { testContracts } from './test/contracts.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { ALICE, BOB, callRequest, deployRequest, tag, testConfig } from './test/requests.js'

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
})

function hexWord(v: bigint): Uint8Array {
  const word = new Uint8Array(32)
  let x = v
  for (let i = 31; i >= 0 && x > 0n; i--) {
    word[i] = Number(x & 255n)
    x >>= 8n
  }
  return word
}

export { ALICE, BOB, encodeAbiParameters }

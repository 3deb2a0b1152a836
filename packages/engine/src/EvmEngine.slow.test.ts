/**
 * Throughput of simple token transfers (D9 baseline workload), run by hand:
 * `npx vitest run -c packages/engine/vitest.slow.config.ts`. Not part of the
 * default run (vitest.config.ts excludes *.slow.test.ts): timings depend on the machine.
 */
import { resultStatus } from '@racetee/protocol'
import { encodeFunctionData, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { EvmEngine } from './EvmEngine.js'
import { initCodeOf } from './test/compileSolidity.js'
import { testContracts } from './test/contracts.js'
import { MemoryLoader } from './test/MemoryLoader.js'
import { ALICE, callRequest, deployRequest, hexBytes, testConfig } from './test/requests.js'

const TOKEN: Hex = '0x3000000000000000000000000000000000000003'
const abi = parseAbi(['function transfer(address,uint256) returns (bool)'])

describe('EvmEngine throughput', () => {
  it('runs thousands of token transfers', async () => {
    const supply = (10n ** 30n).toString(16).padStart(64, '0')
    const initCode = new Uint8Array([
      ...initCodeOf(testContracts(), 'Token'),
      ...hexBytes(`0x${ALICE.slice(2).padStart(64, '0')}${supply}`),
    ])
    const engine = await EvmEngine.create(testConfig, new MemoryLoader().register(TOKEN, null))
    await engine.execute(deployRequest(TOKEN, initCode))
    const n = 5000
    const requests = Array.from({ length: n }, (_, i) => {
      const to = `0x${(1000 + (i % 200)).toString(16).padStart(40, '0')}` as Hex
      return callRequest(TOKEN, encodeFunctionData({ abi, functionName: 'transfer', args: [to, 1n] }), i + 2)
    })
    const start = performance.now()
    for (const request of requests) expect((await engine.execute(request)).status).toBe(resultStatus.success)
    const seconds = (performance.now() - start) / 1000
    console.log(`${n} transfers in ${seconds.toFixed(2)} s: ${(n / seconds).toFixed(0)}/s`)
    expect(engine.changes().changed[0]?.pages).toHaveLength(201)
  })
})

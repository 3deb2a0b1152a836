/**
 * Test helper: deploys JS programs on an `EvmEngine` over a `MemoryLoader` and calls them.
 */
import type { Hex } from 'viem'
import { EvmEngine } from '../../EvmEngine.js'
import { MemoryLoader } from '../../test/MemoryLoader.js'
import { callRequest, deployRequest, testConfig } from '../../test/requests.js'
import type { ExecutionOutcome } from '../../types.js'
import { jsInitCode } from '../jsProgramCode.js'

export async function engineWithJs(programs: Record<Hex, string>): Promise<{
  engine: EvmEngine
  call(to: Hex, data: Hex, gasLimit?: bigint): Promise<ExecutionOutcome>
}> {
  const loader = new MemoryLoader()
  for (const address of Object.keys(programs)) loader.register(address as Hex, null)
  const engine = await EvmEngine.create(testConfig, loader)
  let n = 1
  for (const [address, source] of Object.entries(programs)) {
    const outcome = await engine.execute(deployRequest(address as Hex, jsInitCode(source), n++))
    if (outcome.status !== 0) throw new TypeError(`deploy of ${address} failed with status ${outcome.status}`)
  }
  return {
    engine,
    call: (to, data, gasLimit = 5_000_000n) => engine.execute(callRequest(to, data, n++, { gasLimit })),
  }
}

import { calArtifact } from '@racetee/contracts'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deploy, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D9: the alternating sum cal(n) = 1 - 2 + 3 - ... ± n, as a public contract.

const abi = calArtifact.abi
let t: PublicChain
let program: Address

beforeAll(async () => {
  t = await startPublicChain()
  program = await deploy(t, t.accounts[0]!, calArtifact)
})
afterAll(async () => {
  await t?.stop()
})

describe('Cal (public run)', () => {
  it('cal(100000) = -50000 within the 2^24 request gas cap', async () => {
    const { receipt, result } = await send(t, t.accounts[1]!, program, abi, 'cal', [100_000n])
    expect(result).toBe(-50_000n)
    reportGas('cal', 'cal(100000)', receipt.gasUsed)
    expect(receipt.gasUsed).toBeLessThan(1n << 24n)
    // packages/engine/src/EvmEngine.interop.test.ts expects the same figure from the engine.
    expect(receipt.gasUsed).toBe(8_821_509n)
  })

  it('behavior: odd n gives (n + 1) / 2, even n gives -n / 2, and cal(0) = 0', async () => {
    for (const [n, sum] of [
      [0n, 0n],
      [1n, 1n],
      [2n, -1n],
      [7n, 4n],
      [10n, -5n],
      [99_999n, 50_000n],
    ] as const) {
      expect(
        await t.publicClient.readContract({ address: program, abi, functionName: 'cal', args: [n] }),
      ).toBe(sum)
    }
  })
})

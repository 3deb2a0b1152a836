import { quickSelectArtifact } from '@racetee/contracts'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quickSelectValues as workloadValues } from '../../workloads/index.js'
import { deploy, expectRevert, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D9: QuickSelect of the 1,000th value among 2,048 integers in [0, 1000], loaded beforehand by
// earlier transactions, so the measured call is select(k) alone.

const abi = quickSelectArtifact.abi
const CHUNK = 256
let t: PublicChain
let program: Address
const values = workloadValues(2048)

beforeAll(async () => {
  t = await startPublicChain()
  program = await deploy(t, t.accounts[0]!, quickSelectArtifact)
})
afterAll(async () => {
  await t?.stop()
})

describe('QuickSelect (public run)', () => {
  it('loads 2,048 values in chunks and selects the 1,000th smallest', async () => {
    const owner = t.accounts[0]!
    const loads: bigint[] = []
    for (let i = 0; i < values.length; i += CHUNK) {
      const { receipt } = await send(t, owner, program, abi, 'load', [values.slice(i, i + CHUNK)])
      loads.push(receipt.gasUsed)
    }
    expect(await t.publicClient.readContract({ address: program, abi, functionName: 'count' })).toBe(2048n)
    const sorted = [...values].sort((a, b) => a - b)
    const { receipt, result } = await send(t, t.accounts[1]!, program, abi, 'select', [1000n])
    expect(result).toBe(BigInt(sorted[999]!))
    reportGas('quickSelect', `load (${CHUNK} values, first chunk)`, loads[0]!)
    reportGas('quickSelect', 'select(1000) of 2048', receipt.gasUsed)
    // packages/engine/src/EvmEngine.interop.test.ts expects the same figure from the engine.
    expect(receipt.gasUsed).toBe(2_946_535n)
  })

  it('behavior: every rank agrees with a sort (spot checks at the ends and around the middle)', async () => {
    const sorted = [...values].sort((a, b) => a - b)
    for (const k of [1, 2, 1023, 1024, 1025, 2047, 2048]) {
      const got = await t.publicClient.readContract({
        address: program,
        abi,
        functionName: 'select',
        args: [BigInt(k)],
      })
      expect(got).toBe(BigInt(sorted[k - 1]!))
    }
  })

  it('error: a rank of 0 or past the count, a value above 1000, a 2,049th value or a stranger loading reverts', async () => {
    const owner = t.accounts[0]!
    await expectRevert(t, owner, program, abi, 'select', [0n], 'RankOutOfRange')
    await expectRevert(t, owner, program, abi, 'select', [2049n], 'RankOutOfRange')
    await expectRevert(t, owner, program, abi, 'load', [[1]], 'TooManyValues')
    const fresh = await deploy(t, owner, quickSelectArtifact)
    await expectRevert(t, owner, fresh, abi, 'load', [[5, 1001]], 'ValueOutOfRange')
    await expectRevert(t, t.accounts[1]!, fresh, abi, 'load', [[5]], 'NotOwner')
  })
})

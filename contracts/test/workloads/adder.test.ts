import { adderArtifact, multiplierArtifact } from '@racetee/contracts'
import { type Address, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deploy, expectRevert, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D9's inter-contract pair as public contracts: Adder.add calls Multiplier.multiply.

const FACTOR = 3n
let t: PublicChain
let multiplier: Address
let adder: Address

const read = async (
  address: Address,
  abi: typeof adderArtifact.abi | typeof multiplierArtifact.abi,
  name: 'total' | 'products',
) => t.publicClient.readContract({ address, abi, functionName: name } as never) as Promise<bigint>

beforeAll(async () => {
  t = await startPublicChain()
  multiplier = await deploy(t, t.accounts[0]!, multiplierArtifact)
  adder = await deploy(t, t.accounts[0]!, adderArtifact, [multiplier, FACTOR])
})
afterAll(async () => {
  await t?.stop()
})

describe('Adder and Multiplier (public run)', () => {
  it('add(a, b) returns multiply(a + b, factor), keeps a total and counts products', async () => {
    const user = t.accounts[1]!
    const first = await send(t, user, adder, adderArtifact.abi, 'add', [2n, 5n])
    expect(first.result).toBe(21n)
    const second = await send(t, user, adder, adderArtifact.abi, 'add', [10n, 0n])
    expect(second.result).toBe(30n)
    expect(await read(adder, adderArtifact.abi, 'total')).toBe(51n)
    expect(await read(multiplier, multiplierArtifact.abi, 'products')).toBe(2n)
    const [multiplied] = parseEventLogs({ abi: multiplierArtifact.abi, logs: second.receipt.logs })
    expect(multiplied?.args).toEqual({ caller: adder, product: 30n })
    reportGas('adder', 'add (first)', first.receipt.gasUsed)
    reportGas('adder', 'add', second.receipt.gasUsed)
  })

  it('error: addChecked past its limit reverts and leaves both contracts unchanged', async () => {
    await expectRevert(t, t.accounts[1]!, adder, adderArtifact.abi, 'addChecked', [1n, 1n, 50n], 'TotalAbove')
    expect(await read(adder, adderArtifact.abi, 'total')).toBe(51n)
    expect(await read(multiplier, multiplierArtifact.abi, 'products')).toBe(2n)
  })
})

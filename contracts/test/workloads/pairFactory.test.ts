import { confidentialErc20Artifact, pairArtifact, pairFactoryArtifact } from '@racetee/contracts'
import { type Address, getContractAddress, maxUint256, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deploy, expectRevert, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D3.1/D5 factories as public contracts: PairFactory creates Pair pools with CREATE.

const factoryAbi = pairFactoryArtifact.abi
const tokenAbi = confidentialErc20Artifact.abi
let t: PublicChain
let factory: Address
let tokens: Address[]

beforeAll(async () => {
  t = await startPublicChain()
  const owner = t.accounts[0]!
  factory = await deploy(t, owner, pairFactoryArtifact)
  tokens = []
  for (const symbol of ['T0', 'T1', 'T2'])
    tokens.push(await deploy(t, owner, confidentialErc20Artifact, [symbol, symbol, 10n ** 24n]))
})
afterAll(async () => {
  await t?.stop()
})

describe('PairFactory (public run)', () => {
  it('creates a pair at the address its nonce gives, records it both ways, and the pair trades', async () => {
    const owner = t.accounts[0]!
    const [x, y] = [tokens[1]!, tokens[0]!]
    const created = await send(t, owner, factory, factoryAbi, 'createPair', [x, y])
    const pair = getContractAddress({ from: factory, nonce: 1n })
    expect(created.result).toBe(pair)
    const [event] = parseEventLogs({ abi: factoryAbi, logs: created.receipt.logs, eventName: 'PairCreated' })
    const [token0, token1] = x.toLowerCase() < y.toLowerCase() ? [x, y] : [y, x]
    expect(event?.args).toEqual({ token0, token1, pair, count: 1n })
    for (const [a, b] of [
      [x, y],
      [y, x],
    ] as const)
      expect(
        await t.publicClient.readContract({
          address: factory,
          abi: factoryAbi,
          functionName: 'getPair',
          args: [a, b],
        }),
      ).toBe(pair)
    expect(
      await t.publicClient.readContract({ address: pair, abi: pairArtifact.abi, functionName: 'factory' }),
    ).toBe(factory)

    for (const token of [x, y]) await send(t, owner, token, tokenAbi, 'approve', [pair, maxUint256])
    await send(t, owner, pair, pairArtifact.abi, 'addLiquidity', [10n ** 20n, 10n ** 20n])
    const swapped = await send(t, owner, pair, pairArtifact.abi, 'swap', [token0, 10n ** 18n, 0n])
    expect(swapped.result).toBe((10n ** 18n * 997n * 10n ** 20n) / (10n ** 20n * 1000n + 10n ** 18n * 997n))

    const second = await send(t, owner, factory, factoryAbi, 'createPair', [tokens[0]!, tokens[2]!])
    expect(second.result).toBe(getContractAddress({ from: factory, nonce: 2n }))
    reportGas('pairFactory', 'createPair (first)', created.receipt.gasUsed)
    reportGas('pairFactory', 'createPair (second)', second.receipt.gasUsed)
    reportGas('pair', 'swap', swapped.receipt.gasUsed)
  })

  it('error: an existing pair, identical tokens or the zero token reverts', async () => {
    const owner = t.accounts[0]!
    await expectRevert(t, owner, factory, factoryAbi, 'createPair', [tokens[0]!, tokens[1]!], 'PairExists')
    await expectRevert(
      t,
      owner,
      factory,
      factoryAbi,
      'createPair',
      [tokens[0]!, tokens[0]!],
      'IdenticalTokens',
    )
    await expectRevert(
      t,
      owner,
      factory,
      factoryAbi,
      'createPair',
      ['0x0000000000000000000000000000000000000000', tokens[0]!],
      'ZeroToken',
    )
  })
})

import { confidentialDexArtifact, confidentialErc20Artifact } from '@racetee/contracts'
import { type Address, maxUint256, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deploy, expectRevert, type PublicChain, reportGas, send, startPublicChain } from './publicChain.js'

// D9: the DEX workload deployed as a plain public contract over two ConfidentialERC20 tokens.

const dexAbi = confidentialDexArtifact.abi
const tokenAbi = confidentialErc20Artifact.abi
const SUPPLY = 10n ** 24n

let t: PublicChain
let tokenA: Address
let tokenB: Address
let dex: Address

/** The constant-product price less 0.3 %, as the contract computes it. */
function quote(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  return (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n)
}

const balanceOf = (token: Address, who: Address) =>
  t.publicClient.readContract({
    address: token,
    abi: tokenAbi,
    functionName: 'balanceOf',
    args: [who],
    account: who,
  })

beforeAll(async () => {
  t = await startPublicChain()
  const [owner, trader] = t.accounts as [(typeof t.accounts)[0], (typeof t.accounts)[0]]
  tokenA = await deploy(t, owner, confidentialErc20Artifact, ['Token A', 'TKA', SUPPLY])
  tokenB = await deploy(t, owner, confidentialErc20Artifact, ['Token B', 'TKB', SUPPLY])
  dex = await deploy(t, owner, confidentialDexArtifact, [tokenA, tokenB])
  for (const token of [tokenA, tokenB]) {
    await send(t, owner, token, tokenAbi, 'transfer', [trader.address, 10n ** 21n])
    for (const who of [owner, trader]) await send(t, who, token, tokenAbi, 'approve', [dex, maxUint256])
  }
})
afterAll(async () => {
  await t?.stop()
})

describe('ConfidentialDex (public run)', () => {
  it('adds liquidity, then swaps A for B at the constant-product price less 0.3 %', async () => {
    const [owner, trader] = t.accounts as [(typeof t.accounts)[0], (typeof t.accounts)[0]]
    const added = await send(t, owner, dex, dexAbi, 'addLiquidity', [4n * 10n ** 21n, 10n ** 21n])
    expect(added.result).toBe(2n * 10n ** 21n) // sqrt(4e21 · 1e21)
    const [reserveA, reserveB] = await t.publicClient.readContract({
      address: dex,
      abi: dexAbi,
      functionName: 'getReserves',
    })
    const amountIn = 10n ** 19n
    const expected = quote(amountIn, reserveA, reserveB)
    const bBefore = await balanceOf(tokenB, trader.address)
    const swapped = await send(t, trader, dex, dexAbi, 'swap', [tokenA, amountIn, expected])
    expect(swapped.result).toBe(expected)
    const [event] = parseEventLogs({ abi: dexAbi, logs: swapped.receipt.logs, eventName: 'Swap' })
    expect(event?.args).toEqual({ trader: trader.address, tokenIn: tokenA, amountIn, amountOut: expected })
    expect((await balanceOf(tokenB, trader.address)) - bBefore).toBe(expected)
    expect(
      await t.publicClient.readContract({ address: dex, abi: dexAbi, functionName: 'getReserves' }),
    ).toEqual([reserveA + amountIn, reserveB - expected])
    // A second swap the same way, for a typical figure (every slot already non-zero).
    const again = await send(t, trader, dex, dexAbi, 'swap', [tokenA, amountIn, 0n])
    reportGas('dex', 'addLiquidity (first)', added.receipt.gasUsed)
    reportGas('dex', 'swap A→B', again.receipt.gasUsed)
    // packages/engine/src/EvmEngine.interop.test.ts repeats this setup and expects the same figures.
    expect(added.receipt.gasUsed).toBe(185_040n)
    expect(again.receipt.gasUsed).toBe(69_906n)
  })

  it('behavior: shares are told only to their provider, and redeem pro rata', async () => {
    const [owner, trader] = t.accounts as [(typeof t.accounts)[0], (typeof t.accounts)[0]]
    const shares = await t.publicClient.readContract({
      address: dex,
      abi: dexAbi,
      functionName: 'sharesOf',
      args: [owner.address],
      account: owner.address,
    })
    await expectRevert(t, trader, dex, dexAbi, 'sharesOf', [owner.address], 'NotShareholder')
    const [reserveA, reserveB] = await t.publicClient.readContract({
      address: dex,
      abi: dexAbi,
      functionName: 'getReserves',
    })
    const total = await t.publicClient.readContract({
      address: dex,
      abi: dexAbi,
      functionName: 'totalShares',
    })
    const removed = await send(t, owner, dex, dexAbi, 'removeLiquidity', [shares / 2n])
    expect(removed.result).toEqual([(reserveA * (shares / 2n)) / total, (reserveB * (shares / 2n)) / total])
  })

  it('error: a swap below minOut, an unknown token or a zero amount reverts', async () => {
    const trader = t.accounts[1]!
    await expectRevert(t, trader, dex, dexAbi, 'swap', [tokenA, 10n ** 18n, 10n ** 30n], 'InsufficientOutput')
    await expectRevert(t, trader, dex, dexAbi, 'swap', [dex, 10n ** 18n, 0n], 'UnknownToken')
    await expectRevert(t, trader, dex, dexAbi, 'addLiquidity', [0n, 1n], 'ZeroAmount')
  })
})

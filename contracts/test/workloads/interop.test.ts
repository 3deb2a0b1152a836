import { confidentialDexArtifact, confidentialErc20Artifact } from '@racetee/contracts'
import {
  type Abi,
  type Address,
  decodeErrorResult,
  encodeFunctionData,
  type Hex,
  maxUint256,
  toFunctionSelector,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileFixtures } from './compileFixtures.js'
import { deploy, type PublicChain, reportGas, SEND_GAS, send, startPublicChain } from './publicChain.js'

// D5 "cycles and re-entrancy behave as in the EVM": the public-chain side of the comparison.
// packages/engine/src/EvmEngine.interop.test.ts runs the same bytecode, from the same deployer
// at the same addresses and in the same order, and expects these same results and gas figures.
const interopGas = {
  cycle: 74_680n,
  deepRevert: 94_031n,
  caughtRevert: 94_066n,
  reentrantSwap: 91_166n,
}

const fixtures = compileFixtures()
function artifact(name: string): { abi: Abi; bytecode: Hex } {
  const compiled = fixtures[name]
  if (!compiled) throw new TypeError(`fixture ${name} not compiled`)
  return compiled
}
let t: PublicChain

const read = (address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
  t.publicClient.readContract({ address, abi, functionName, args } as never)

/** Sends a call expected to revert (an explicit gas limit skips estimation) and returns its receipt. */
async function sendReverting(address: Address, data: Hex) {
  const hash = await t.wallet(t.accounts[1]!).sendTransaction({ to: address, data, gas: SEND_GAS })
  return t.publicClient.waitForTransactionReceipt({ hash })
}

beforeAll(async () => {
  t = await startPublicChain()
})
afterAll(async () => {
  await t?.stop()
})

describe('inter-contract calls (public run)', () => {
  it('a call cycle A → B → A … of five hops returns 5 and visits A and B three times each', async () => {
    const ping = artifact('Ping')
    const a = await deploy(t, t.accounts[0]!, ping) // deployer nonce 0
    const b = await deploy(t, t.accounts[0]!, ping) // nonce 1
    const { receipt, result } = await send(
      t,
      t.accounts[1]!,
      a,
      ping.abi,
      'bounce' as never,
      [b, 5n] as never,
    )
    expect(result).toBe(5n)
    expect(await read(a, ping.abi, 'visits')).toBe(3n)
    expect(await read(b, ping.abi, 'visits')).toBe(3n)
    reportGas('interop', 'cycle of 5 hops', receipt.gasUsed)
    expect(receipt.gasUsed).toBe(interopGas.cycle)
  })

  it('behavior: C reverting under B under A rolls back all three; A catching keeps only A', async () => {
    const link = artifact('Link')
    const c = await deploy(t, t.accounts[0]!, link, ['0x0000000000000000000000000000000000000000', true]) // nonce 2
    const b = await deploy(t, t.accounts[0]!, link, [c, false]) // nonce 3
    const a = await deploy(t, t.accounts[0]!, link, [b, false]) // nonce 4
    const reverted = await sendReverting(a, encodeFunctionData({ abi: link.abi, functionName: 'poke' }))
    expect(reverted.status).toBe('reverted')
    for (const p of [a, b, c]) expect(await read(p, link.abi, 'hits')).toBe(0n)
    const caught = await send(t, t.accounts[1]!, a, link.abi, 'pokeCatching' as never, [] as never)
    expect(caught.result).toBe(false)
    expect([
      await read(a, link.abi, 'hits'),
      await read(b, link.abi, 'hits'),
      await read(c, link.abi, 'hits'),
    ]).toEqual([1n, 0n, 0n])
    reportGas('interop', 'A → B → C, C reverts (reverted tx)', reverted.gasUsed)
    reportGas('interop', 'A catches B → C reverting', caught.receipt.gasUsed)
    expect(reverted.gasUsed).toBe(interopGas.deepRevert)
    expect(caught.receipt.gasUsed).toBe(interopGas.caughtRevert)
  })

  it('behavior: a token re-entering the DEX during a swap is refused by its guard; the outer swap completes', async () => {
    const owner = t.accounts[0]!
    const rt = artifact('ReentrantToken')
    const evil = await deploy(t, owner, rt, [10n ** 24n]) // nonce 5
    const good = await deploy(t, owner, confidentialErc20Artifact, ['Good', 'GD', 10n ** 24n]) // nonce 6
    const dex = await deploy(t, owner, confidentialDexArtifact, [evil, good]) // nonce 7
    await send(t, owner, good, confidentialErc20Artifact.abi, 'approve', [dex, maxUint256])
    await send(t, owner, dex, confidentialDexArtifact.abi, 'addLiquidity', [10n ** 20n, 10n ** 20n])
    await send(t, owner, evil, rt.abi, 'arm' as never, [dex] as never)
    const swapped = await send(t, owner, dex, confidentialDexArtifact.abi, 'swap', [evil, 10n ** 18n, 0n])
    expect(swapped.result).toBe((10n ** 18n * 997n * 10n ** 20n) / (10n ** 20n * 1000n + 10n ** 18n * 997n))
    expect(await read(evil, rt.abi, 'reentered')).toBe(false)
    const reason = (await read(evil, rt.abi, 'reentryError')) as Hex
    expect(reason).toBe(toFunctionSelector('ReentrantCall()'))
    expect(decodeErrorResult({ abi: confidentialDexArtifact.abi, data: reason }).errorName).toBe(
      'ReentrantCall',
    )
    reportGas('interop', 'swap with a re-entering token', swapped.receipt.gasUsed)
    expect(swapped.receipt.gasUsed).toBe(interopGas.reentrantSwap)
  })
})

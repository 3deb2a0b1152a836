/**
 * The judge of the fault table must be able to say "wrong": on anvil, results that match the
 * public token pass, and a result with another value, status or gas is named by its seq.
 */
import { anvilDevKeys, type StartAnvilReturnType, startAnvil } from '@racetee/contracts/devchain'
import type { DemoStep } from '@racetee/devnet'
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tokenArgs } from '../../e2e/support/deployConfidentialToken.js'
import { replayOnPublicToken } from '../support/replayOnPublicToken.js'
import type { AnsweredRequest } from '../support/tokenWorkload.js'

describe('replayOnPublicToken', () => {
  let anvil: StartAnvilReturnType
  let publicClient: PublicClient
  let walletOf: (address: Address) => WalletClient<Transport, Chain, Account>
  const [aliceKey, bobKey] = [anvilDevKeys[3]!, anvilDevKeys[4]!]
  const alice = privateKeyToAccount(aliceKey).address
  const bob = privateKeyToAccount(bobKey).address

  beforeAll(async () => {
    anvil = await startAnvil({})
    const chain = defineChain({
      id: anvil.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl] } },
    })
    publicClient = createPublicClient({
      chain,
      cacheTime: 0,
      pollingInterval: 50,
      transport: http(anvil.rpcUrl),
    })
    const wallets = new Map(
      [aliceKey, bobKey].map((key) => {
        const w = createWalletClient({
          account: privateKeyToAccount(key),
          chain,
          transport: http(anvil.rpcUrl),
        })
        return [w.account.address, w] as const
      }),
    )
    walletOf = (address) => wallets.get(address)!
  })
  afterAll(async () => {
    await anvil?.stop()
  })

  const answer = (seq: bigint, step: DemoStep, result: AnsweredRequest['result']): AnsweredRequest => ({
    step,
    seq,
    hash: `0x${seq.toString(16).padStart(64, '0')}`,
    result,
  })
  const commitId = `0x${'00'.repeat(32)}` as Hex
  const read = (from: Address): DemoStep => ({ label: 'read', from, functionName: 'balanceOf', args: [from] })
  const over: DemoStep = { label: 'over', from: bob, functionName: 'transfer', args: [alice, 1n] }

  test('results equal to the public run give no mismatch', async () => {
    const mismatched = await replayOnPublicToken(
      { publicClient },
      {
        deployer: alice,
        walletOf,
        answered: [
          answer(2n, read(alice), {
            seq: 2n,
            status: 'success',
            gasUsed: 0n,
            commitId,
            decoded: tokenArgs[2],
          }),
          answer(3n, read(bob), { seq: 3n, status: 'success', gasUsed: 0n, commitId, decoded: 0n }),
        ],
      },
    )
    expect([...mismatched]).toEqual([])
  })

  test('error: another value, status or gas is named by its seq', async () => {
    const mismatched = await replayOnPublicToken(
      { publicClient },
      {
        deployer: alice,
        walletOf,
        answered: [
          answer(5n, read(alice), {
            seq: 5n,
            status: 'success',
            gasUsed: 0n,
            commitId,
            decoded: tokenArgs[2] - 1n,
          }),
          // Bob holds nothing: his transfer reverts publicly, so "success" is wrong.
          answer(6n, over, { seq: 6n, status: 'success', gasUsed: 30_000n, commitId, decoded: true }),
          answer(7n, read(bob), { seq: 7n, status: 'success', gasUsed: 0n, commitId, decoded: 0n }),
        ],
      },
    )
    expect([...mismatched].sort()).toEqual([5n, 6n])
  })
})

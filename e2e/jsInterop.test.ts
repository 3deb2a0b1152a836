/**
 * EVM -> JS -> EVM in one request, end to end (issue 4, D5 "JS programs", "Inter-contract
 * calls"; D3.3), every part a real process (anvil, the MC, a storage node, an executor with its
 * enclave child under SIMULATION), every program deployed through the SDK: Front (Solidity)
 * calls the JS program relay.js, which calls Back (Solidity); all three write state.
 * - Success: the decrypted result carries the value computed across the three, the commit that
 *   covers the request (and only it) changes all three digests on the MC, and later requests
 *   show all three new states.
 * - msg.sender at every hop: Front sees the user, the JS program sees Front, Back sees the JS
 *   program, and `tx.origin` in Back is the user across the JS frame.
 * - Revert: Back refuses at the deepest level and nothing catches: the request ends `reverted`
 *   with Back's own error data, its commit (covering only it) changes none of the three
 *   digests, and every program's state is as before.
 * Fixtures: `support/jsInterop/` (Solidity compiled at test time, the JS source as deployed).
 */

import { type Devnet, startDevnet } from '@racetee/devnet'
import { callProgram, deployProgram, memorySecretStore, waitForResult } from '@racetee/sdk'
import { type Abi, type Address, decodeErrorResult, getAddress, type Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { commitEffects } from './support/jsInterop/commitEffects.js'
import { compileJsInterop, type JsInteropPrograms } from './support/jsInterop/compileJsInterop.js'

const RUN_GAS = 1_000_000n
const VIEW_GAS = 300_000n

type User = { address: Address; wallet: ReturnType<Devnet['wallet']> }
type Snapshots = {
  front: readonly [bigint, bigint, Address]
  relay: readonly [bigint, bigint, Address]
  back: readonly [bigint, Address, Address]
}

describe('EVM -> JS -> EVM in one request on the devnet', () => {
  let devnet: Devnet | undefined
  const secretStore = memorySecretStore()
  let programs: JsInteropPrograms
  let alice: User
  let bob: User
  let front: Address
  let relay: Address
  let back: Address

  beforeAll(async () => {
    programs = await compileJsInterop()
    devnet = await startDevnet()
    ;[alice, bob] = devnet.userKeys.slice(0, 2).map((key) => {
      const wallet = devnet!.wallet(key)
      return { address: wallet.account.address, wallet }
    }) as [User, User]
    const common = { mc: devnet.mc, secretStore, publicClient: devnet.publicClient }
    const deploys = [
      await deployProgram(alice.wallet, {
        ...common,
        bytecode: programs.front.bytecode,
        gasLimit: 1_000_000n,
      }),
      await deployProgram(alice.wallet, { ...common, source: programs.relay.source, gasLimit: 2_000_000n }),
      await deployProgram(alice.wallet, {
        ...common,
        bytecode: programs.back.bytecode,
        gasLimit: 1_000_000n,
      }),
    ]
    const statuses = await Promise.all(deploys.map(async ({ hash }) => (await settle(hash)).status))
    expect(statuses).toEqual(['success', 'success', 'success'])
    ;[front, relay, back] = deploys.map((d) => getAddress(d.program)) as [Address, Address, Address]
  }, 60_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  const send = (user: User, program: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    callProgram(user.wallet, {
      mc: devnet!.mc,
      program,
      abi,
      functionName,
      args,
      gasLimit: functionName === 'snapshot' ? VIEW_GAS : RUN_GAS,
      secretStore,
      publicClient: devnet!.publicClient,
    } as never)
  const settle = (hash: Hash, abi?: Abi, functionName?: string) =>
    waitForResult(devnet!.publicClient, {
      mc: devnet!.mc,
      hash,
      secretStore,
      ...(abi ? { abi } : {}),
      ...(functionName ? { functionName } : {}),
      pollingInterval: 100,
      timeout: 30_000,
    })
  /** One request to Front; the result is awaited (so its commit is on chain) before returning. */
  const run = async (user: User, x: bigint) => {
    const { hash } = await send(user, front, programs.front.abi, 'run', [relay, back, x])
    return settle(hash, programs.front.abi, 'run')
  }
  /** Each program's state, read by three requests sent together and awaited together. */
  const snapshots = async (): Promise<Snapshots> => {
    const targets = [
      [front, programs.front.abi],
      [relay, programs.relay.abi],
      [back, programs.back.abi],
    ] as const
    const sent = await Promise.all(targets.map(([program, abi]) => send(alice, program, abi, 'snapshot', [])))
    const results = await Promise.all(sent.map(({ hash }, i) => settle(hash, targets[i]![1], 'snapshot')))
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success'])
    const [f, r, b] = results.map((r) => r.decoded as readonly [unknown, unknown, unknown])
    return {
      front: [f![0] as bigint, f![1] as bigint, getAddress(f![2] as Address)],
      relay: [r![0] as bigint, r![1] as bigint, getAddress(r![2] as Address)],
      back: [b![0] as bigint, getAddress(b![1] as Address), getAddress(b![2] as Address)],
    }
  }
  const effectsOf = (commitId: `0x${string}`) =>
    commitEffects(devnet!.publicClient, {
      mc: devnet!.mc,
      commitId,
      fromBlock: devnet!.deployBlock,
      programs: [front, relay, back],
    })
  const sortedLower = (addresses: readonly Address[]) =>
    addresses.map((a) => a.toLowerCase() as Address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))

  test('one request crosses Front -> relay.js -> Back and commits all three programs atomically', async () => {
    const result = await run(alice, 7n)
    expect(result.status).toBe('success')
    // Back: 7 × 3; the JS program: + 100; Front returns what the JS program answered.
    expect(result.decoded).toBe(121n)
    console.info(`EVM -> JS -> EVM success: ${result.gasUsed} gas (seq ${result.seq})`)

    const effects = await effectsOf(result.commitId)
    // The commit covers this request alone, so every digest change below is its doing.
    expect([effects.fromSeq, effects.toSeq]).toEqual([result.seq, result.seq])
    expect(effects.updated).toEqual(sortedLower([front, relay, back]))
    for (const { before, after } of effects.digests) expect(after).not.toBe(before)

    expect(await snapshots()).toEqual({
      front: [1n, 121n, alice.address],
      relay: [1n, 7n, front],
      back: [7n, relay, alice.address],
    })
  })

  test('behavior: msg.sender at each hop is the one before it (user, Front, JS program), tx.origin the user', async () => {
    const result = await run(bob, 5n)
    expect(result.status).toBe('success')
    expect(result.decoded).toBe(115n)
    // Bob is not the deployer: Front's sender is the request's caller, not the programs' admin.
    expect(await snapshots()).toEqual({
      front: [2n, 115n, bob.address],
      relay: [2n, 5n, front],
      back: [5n, relay, bob.address],
    })
  })

  test('error: Back reverts at the deepest level, nothing catches: reverted with its reason, no program changes', async () => {
    const before = await snapshots()
    const result = await run(alice, 0n)
    expect(result.status).toBe('reverted')
    expect(result.gasUsed).toBeLessThan(RUN_GAS)
    console.info(`EVM -> JS -> EVM revert: ${result.gasUsed} gas (seq ${result.seq})`)
    // Back's own error data reached the caller through the JS program and Front unchanged.
    const reason = decodeErrorResult({ abi: programs.back.abi, data: result.returnData })
    expect(reason.errorName).toBe('Refused')
    expect(reason.args).toEqual([0n, relay])

    const effects = await effectsOf(result.commitId)
    expect([effects.fromSeq, effects.toSeq]).toEqual([result.seq, result.seq])
    // All three were loaded (checked against their digests) and none was written.
    expect(effects.updated).toEqual([])
    expect(effects.read).toEqual(sortedLower([front, relay, back]))
    for (const { before: was, after } of effects.digests) expect(after).toBe(was)

    expect(await snapshots()).toEqual(before)
  })
})

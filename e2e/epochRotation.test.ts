/**
 * Issue 5, keys over time on the real devnet (D4 "Epoch rotation", D3.2 grace period): the
 * executor rotates the epoch after E blocks; a request encrypted to the previous epoch is
 * served during the grace period and refused by the MC after it; the round that first covers
 * the grace end re-seals every Info, even with no request to run, and the previous epoch's
 * secret is then erased from the enclave's sealed file; a program left idle across two epochs
 * still runs. Blocks are mined by the test (anvil mines one per transaction), never waited for.
 */

import { type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import {
  callProgram,
  type EncryptionContext,
  getEncryptionContext,
  memorySecretStore,
  type SecretStore,
  waitForResult,
} from '@racetee/sdk'
import { type Address, createTestClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployConfidentialToken, tokenArgs } from './support/deployConfidentialToken.js'
import { heldEpochs } from './support/heldEpochs.js'
import { logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'

const EPOCH_LENGTH = 20n
const GRACE = 5n

describe('epoch rotation on the devnet', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let active: Address
  let idle: Address

  beforeAll(async () => {
    devnet = await startDevnet({ epochs: { epochLength: EPOCH_LENGTH, gracePeriod: GRACE } })
    secretStore = memorySecretStore()
    const wallet = devnet.wallet(devnet.userKeys[0]!)
    ;({ program: active } = await deployConfidentialToken(devnet, { wallet, secretStore }))
    ;({ program: idle } = await deployConfidentialToken(devnet, { wallet, secretStore }))
  }, 60_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('rotates, serves the old epoch in the grace period, re-seals, erases, and keeps idle programs alive', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    const { publicClient: client, mc } = devnet
    const executor = devnet.executors[0]!
    onTestFailed(() => printLogs([executor.logFile]))
    const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
    const [alice, bob] = devnet.userKeys.map((k) => devnet.wallet(k)) as [
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
    ]
    const epochInfo = () =>
      client.readContract({ address: mc, abi: managementContractAbi, functionName: 'epochInfo' })
    const transfer = async (program: Address, amount: bigint, context?: EncryptionContext) => {
      const { hash } = await callProgram(alice, {
        mc,
        program,
        abi: confidentialErc20Abi,
        functionName: 'transfer',
        args: [bob.account.address, amount],
        gasLimit: 200_000n,
        secretStore,
        publicClient: client,
        ...(context ? { context } : {}),
      })
      return waitForResult(client, {
        mc,
        hash,
        secretStore,
        abi: confidentialErc20Abi,
        functionName: 'transfer',
        pollingInterval: 100,
        timeout: 30_000,
      })
    }
    /** Mines to the next rotation and waits for the executor to post it. */
    const rotate = async (to: bigint) => {
      const { rotationBlock } = await epochInfo()
      const head = await client.getBlockNumber({ cacheTime: 0 })
      await testClient.mine({ blocks: Number(rotationBlock + EPOCH_LENGTH - head) })
      return pollUntil(async () => ((await epochInfo()).epoch === to ? epochInfo() : undefined), {
        what: `the rotation to epoch ${to}`,
        timeoutMs: 30_000,
      })
    }
    /** Mines past the grace end; waits for the re-seal commit and the erasure it allows. */
    const passGrace = async (rotationBlock: bigint, remaining: bigint[]) => {
      const head = await client.getBlockNumber({ cacheTime: 0 })
      await testClient.mine({ blocks: Number(rotationBlock + GRACE - head) })
      await pollUntil(
        async () => {
          const last = await client.readContract({
            address: mc,
            abi: managementContractAbi,
            functionName: 'lastCommit',
          })
          return BigInt(last.toBlock) >= rotationBlock + GRACE ? true : undefined
        },
        { what: 'the commit past the grace end', timeoutMs: 30_000 },
      )
      await pollUntil(
        async () => {
          const held = await heldEpochs(devnet, executor.dataDir)
          return held.join() === remaining.join() ? held : undefined
        },
        { what: `the sealed file to hold only epochs ${remaining.join(', ')}`, timeoutMs: 30_000 },
      )
    }

    // A user reads the encryption context (epoch 0) before the rotation.
    const context0 = await getEncryptionContext(client, { mc })
    expect(context0.epoch).toBe(0n)
    const first = await rotate(1n)
    // The executor takes E_1 from its grant in the Rotated event (and seals it) soon after.
    await pollUntil(
      async () => ((await heldEpochs(devnet, executor.dataDir)).join() === '0,1' ? true : undefined),
      {
        what: 'the sealed file to hold epochs 0 and 1',
        timeoutMs: 30_000,
      },
    )

    // Grace period: the request encrypted to epoch 0 is still accepted and served.
    const amount = randomAmount()
    const served = await transfer(active, amount, context0)
    expect({ status: served.status, decoded: served.decoded }).toEqual({ status: 'success', decoded: true })

    // The grace end: one re-seal commit (no request needed) gives the idle program a new digest
    // (its Info under epoch 1's management key), then E_0 is erased.
    const digestOf = () =>
      client.readContract({ address: mc, abi: managementContractAbi, functionName: 'digestOf', args: [idle] })
    const idleBefore = await digestOf()
    await passGrace(first.rotationBlock, [1n])
    expect(await digestOf()).not.toBe(idleBefore)
    // After it, the MC refuses requests to epoch 0; a fresh context works.
    await expect(transfer(active, 1n, context0)).rejects.toThrow(/EpochNotAccepted|not accepted|reverted/i)
    expect((await transfer(active, 1n)).status).toBe('success')

    // A second epoch; the idle program (untouched since epoch 0) still runs, from epoch 2.
    const second = await rotate(2n)
    await passGrace(second.rotationBlock, [2n])
    const { hash } = await callProgram(alice, {
      mc,
      program: idle,
      abi: confidentialErc20Abi,
      functionName: 'balanceOf',
      args: [alice.account.address],
      gasLimit: 200_000n,
      secretStore,
      publicClient: client,
    })
    const balance = await waitForResult(client, {
      mc,
      hash,
      secretStore,
      abi: confidentialErc20Abi,
      functionName: 'balanceOf',
      pollingInterval: 100,
      timeout: 30_000,
    })
    expect({ status: balance.status, decoded: balance.decoded }).toEqual({
      status: 'success',
      decoded: tokenArgs[2],
    })
    const count = (msg: string) => logLines(executor.logFile).filter((l) => l.msg === msg).length
    await pollUntil(async () => (count('retired epoch secrets erased') === 2 ? true : undefined), {
      what: 'two erasures logged',
      timeoutMs: 10_000,
    })
    expect(count('epoch rotated')).toBe(2)
  })
})

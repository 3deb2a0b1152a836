/**
 * Issue 5, joining (D3.1, D7): a second executor process, with its own data dir and wallet and
 * the devnet's simulated platform key and measurement, joins the running devnet by itself:
 * `executor run` registers its enclave (bond `minBond`, payout its wallet, endpoint its health
 * URL), the first executor's enclave verifies the evidence and admits it between rounds, and
 * once the admission delay has passed the newcomer takes epoch 0's secret from the `Admitted`
 * event. Then the first executor stops, and the newcomer alone commits rounds whose results the
 * SDK decrypts; the chain says its enclave signed them. A restart of the newcomer repeats
 * nothing. Blocks are mined by the test (anvil mines one per transaction), never waited for.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import { callProgram, memorySecretStore, type SecretStore, waitForResult } from '@racetee/sdk'
import { type Address, createTestClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { commitSigner } from './support/commitSigner.js'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { readHealth } from './support/executorStatus.js'
import { logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'
import { type ExtraExecutor, startExtraExecutor } from './support/startExtraExecutor.js'
import { waitForAdmitted } from './support/waitForAdmitted.js'

/** Dev account 2: funded, used by no other part of the devnet. */
const JOINER_KEY = anvilDevKeys[2]!

describe('an executor joining a running devnet', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address
  let joiner: ExtraExecutor | undefined

  beforeAll(async () => {
    devnet = await startDevnet()
    secretStore = memorySecretStore()
    ;({ program } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  })

  afterAll(async () => {
    await joiner?.service.stop()
    await devnet?.stop()
  })

  test('registers, is admitted by the first executor, is provisioned from the chain, and serves alone', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const { publicClient: client, mc } = devnet
    const first = devnet.executors[0]!
    onTestFailed(() => printLogs([first.logFile, joiner?.logFile]))
    const config = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'config',
    })

    joiner = await startExtraExecutor(devnet, {
      name: 'executor-1',
      key: JOINER_KEY,
      readyMessage: 'waiting for admission',
    })
    const operator = privateKeyToAccount(JOINER_KEY).address
    expect(joiner.enclave).not.toBe(first.enclave)
    const registered = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'enclaveInfo',
      args: [joiner.enclave],
    })
    expect(registered).toMatchObject({
      operator,
      payout: operator,
      bond: config.minBond,
      endpoint: joiner.healthUrl,
    })

    // The first executor's enclave admits it (the Admitted event's admitter is the signer).
    const admitted = await waitForAdmitted(devnet, joiner.enclave, 'an Admitted event for the newcomer')
    expect(admitted.args.admitter).toBe(first.enclave)
    expect(admitted.args.epoch).toBe(0n)
    expect(BigInt(admitted.args.effectiveFrom!)).toBe(admitted.blockNumber + config.admissionDelay)
    expect(logLines(first.logFile)).toContainEqual(
      expect.objectContaining({ msg: 'admitted newcomer', newcomer: joiner.enclave }),
    )
    // Before the delay has passed it runs no round.
    const waiting = await readHealth(joiner.healthUrl)
    expect({ status: waiting.status, lastCommittedSeq: waiting.lastCommittedSeq }).toEqual({
      status: 'starting',
      lastCommittedSeq: 0n,
    })

    await createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) }).mine({
      blocks: Number(config.admissionDelay),
    })
    const newcomer = joiner
    await pollUntil(async () => logLines(newcomer.logFile).find((l) => l.msg === 'executor ready'), {
      what: 'the newcomer ready',
      timeoutMs: 30_000,
    })
    const story = logLines(newcomer.logFile)
      .filter((l) => l.component === 'membership' || l.msg === 'executor ready')
      .map((l) => l.msg)
    expect(story).toEqual([
      'registered',
      'waiting for admission',
      'admission on chain; waiting for it to take effect',
      'admitted',
      'provisioned',
      'executor ready',
    ])
    expect(logLines(newcomer.logFile)).toContainEqual(
      expect.objectContaining({ msg: 'provisioned', epochs: ['0'], admitter: first.enclave }),
    )

    // The first executor steps down; the newcomer serves on its own.
    await first.service.stop()
    const [alice, bob] = devnet.userKeys.map((k) => devnet.wallet(k)) as [
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
    ]
    const amount = randomAmount()
    const call = async (
      wallet: ReturnType<Devnet['wallet']>,
      functionName: 'transfer' | 'balanceOf',
      args: readonly unknown[],
    ) => {
      const { hash } = await callProgram(wallet, {
        mc,
        program,
        abi: confidentialErc20Abi,
        functionName,
        args: args as never,
        gasLimit: 200_000n,
        secretStore,
        publicClient: client,
      })
      return waitForResult(client, {
        mc,
        hash,
        secretStore,
        abi: confidentialErc20Abi,
        functionName,
        pollingInterval: 100,
        timeout: 30_000,
      })
    }
    const transfer = await call(alice, 'transfer', [bob.account.address, amount])
    expect({ status: transfer.status, decoded: transfer.decoded }).toEqual({
      status: 'success',
      decoded: true,
    })
    const balance = await call(bob, 'balanceOf', [bob.account.address])
    expect({ status: balance.status, decoded: balance.decoded }).toEqual({
      status: 'success',
      decoded: amount,
    })
    for (const result of [transfer, balance])
      expect(await commitSigner(client, mc, result.commitId)).toBe(newcomer.enclave)

    // A restart repeats nothing: no second registration, no second provisioning.
    await newcomer.service.stop()
    const restarted = await startExtraExecutor(devnet, { name: 'executor-1', key: JOINER_KEY })
    joiner = restarted
    expect(restarted.enclave).toBe(newcomer.enclave)
    const messages = logLines(restarted.logFile).map((l) => l.msg)
    expect(messages.filter((m) => m === 'registered')).toHaveLength(1)
    expect(messages.filter((m) => m === 'provisioned')).toHaveLength(1)
    expect(messages).toContain('already provisioned')
    const again = await call(bob, 'balanceOf', [bob.account.address])
    expect(again.decoded).toBe(amount)
  })
})

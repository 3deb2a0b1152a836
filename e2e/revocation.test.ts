/**
 * Issue 5, backward secrecy on the real devnet (D4 "Epoch rotation ... at every revocation"): a
 * second executor joins and is provisioned with epoch 0; governance revokes it; the first
 * executor rotates at once (not E blocks later) and grants epoch 1 only to the enclaves still
 * members. The revoked executor finds no grant of its own: its sealed file never holds epoch 1,
 * so it cannot open requests or state of epoch 1, and it reports EXECUTOR_ENCLAVE_EXCLUDED,
 * while the remaining executor serves epoch-1 requests. Blocks are mined by the test.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import { callProgram, memorySecretStore, type SecretStore, waitForResult } from '@racetee/sdk'
import { type Address, createTestClient, getAbiItem, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { readHealth } from './support/executorStatus.js'
import { heldEpochs } from './support/heldEpochs.js'
import { logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'
import { type ExtraExecutor, startExtraExecutor } from './support/startExtraExecutor.js'
import { waitForAdmitted } from './support/waitForAdmitted.js'

describe('revocation rotates the epoch', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address
  let joiner: ExtraExecutor | undefined

  beforeAll(async () => {
    // E is long: any rotation in this test is the revocation's.
    devnet = await startDevnet({ epochs: { epochLength: 10_000n, gracePeriod: 5n } })
    secretStore = memorySecretStore()
    ;({ program } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  }, 60_000)

  afterAll(async () => {
    await joiner?.service.stop()
    await devnet?.stop()
  })

  test('a revoked executor gets no grant of the next epoch and cannot follow it', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const { publicClient: client, mc } = devnet
    const first = devnet.executors[0]!
    onTestFailed(() => printLogs([first.logFile, joiner?.logFile]))
    const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
    const config = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'config',
    })

    joiner = await startExtraExecutor(devnet, {
      name: 'executor-1',
      key: anvilDevKeys[2]!,
      readyMessage: 'waiting for admission',
    })
    await waitForAdmitted(devnet, joiner.enclave, 'the joiner admitted')
    await testClient.mine({ blocks: Number(config.admissionDelay) })
    const revokedExecutor = joiner
    await pollUntil(async () => logLines(revokedExecutor.logFile).find((l) => l.msg === 'executor ready'), {
      what: 'the joiner provisioned',
      timeoutMs: 30_000,
    })
    expect(await heldEpochs(devnet, revokedExecutor.dataDir)).toEqual([0n])

    // Governance revokes it; the first executor rotates at once.
    const governance = devnet.wallet(anvilDevKeys[0]!)
    const hash = await governance.writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'revoke',
      args: [revokedExecutor.enclave],
    })
    const revokedAt = (await client.waitForTransactionReceipt({ hash })).blockNumber
    const rotated = await pollUntil(
      async () =>
        (
          await client.getLogs({
            address: mc,
            event: getAbiItem({ abi: managementContractAbi, name: 'Rotated' }),
            fromBlock: revokedAt,
          })
        ).at(-1),
      { what: 'the rotation after the revocation', timeoutMs: 30_000 },
    )
    expect(rotated.args.epoch).toBe(1n)
    expect(rotated.args.signer).toBe(first.enclave)
    expect(rotated.args.grants?.map((g) => g.enclave)).toEqual([first.enclave])
    // The rotating executor logs once it has the receipt, which may be after the event is visible.
    await pollUntil(
      async () => logLines(first.logFile).find((l) => l.msg === 'epoch rotated after a revocation'),
      {
        what: 'the rotation logged as caused by the revocation',
        timeoutMs: 30_000,
      },
    )

    // The remaining executor serves epoch 1.
    const [alice, bob] = devnet.userKeys.map((k) => devnet.wallet(k)) as [
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
    ]
    const sent = await callProgram(alice, {
      mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [bob.account.address, 1n],
      gasLimit: 200_000n,
      secretStore,
      publicClient: client,
    })
    const result = await waitForResult(client, {
      mc,
      hash: sent.hash,
      secretStore,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      pollingInterval: 100,
      timeout: 30_000,
    })
    expect({ status: result.status, decoded: result.decoded }).toEqual({ status: 'success', decoded: true })
    expect(await heldEpochs(devnet, first.dataDir)).toEqual([0n, 1n])

    // The revoked one has nothing of epoch 1 and says why it cannot go on.
    await pollUntil(
      async () =>
        (await readHealth(revokedExecutor.healthUrl)).lastError === 'EXECUTOR_ENCLAVE_EXCLUDED'
          ? true
          : undefined,
      { what: 'the revoked executor to report its exclusion', timeoutMs: 30_000 },
    )
    expect(await heldEpochs(devnet, revokedExecutor.dataDir)).toEqual([0n])
  })
})

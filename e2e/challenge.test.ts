/**
 * Issue 6, a divergent commit (D3.3 "challenge", D4 "Determinism", D7), on real processes: one
 * honest executor, three storage nodes with k = 2, and a faulty enclave held by the test (a real
 * in-process `Enclave` admitted through the ceremony by the running executor, see
 * support/inProcessEnclave.ts). With mining paused, a transfer is mined into one block and the
 * honest executor's commit for it waits in the mempool; the faulty enclave executes the same
 * range, its body is tampered (another `resultsHash`) and signed with its key, its blobs are
 * stored on k nodes under its own store authorisation, and its commit is sent with a higher tip,
 * so it lands first in the next block. The tampered body names another results bundle (never
 * stored) and another state for the token. The honest commit reverts (StaleCommit); the
 * executor adopts the winner from the chain, sees the bodies differ, logs both commit ids and
 * challenges: commits freeze, both signers' bonds are slashed, and the faulty commit is rolled
 * back (decision 49): the token's digest is the one before it again. Governance revokes the
 * faulty enclave and unfreezes; the honest executor commits the range again, and the SDK, which
 * passes over the rolled-back commit, decrypts the transfer's true result. Nothing is lost.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { mcChainFacts } from '@racetee/executor'
import { isRaceteeError, managementContractAbi } from '@racetee/protocol'
import { memorySecretStore, type SecretStore } from '@racetee/sdk'
import { type Address, createTestClient, getAbiItem, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { acceptedCommits } from './support/acceptedCommits.js'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { inProcessEnclave } from './support/inProcessEnclave.js'
import { logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'
import { resolveChallenge } from './support/resolveChallenge.js'
import { sendDivergentCommit } from './support/sendDivergentCommit.js'
import { tokenCalls } from './support/tokenCalls.js'
import { waitForAdmitted } from './support/waitForAdmitted.js'
import { waitForCommitInFlight } from './support/waitForCommitInFlight.js'

/** Dev account 2: no executor or user of a one-executor devnet uses it. */
const FAULTY_OPERATOR_KEY = anvilDevKeys[2]!
const DIVERGES = 'race lost; WINNER DIVERGES from our commit: challenging'

describe('an enclave that signs a divergent body', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address

  beforeAll(async () => {
    devnet = await startDevnet({ storageNodes: 3, storageThreshold: 2 })
    secretStore = memorySecretStore()
    ;({ program } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  }, 90_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('wins a range, is challenged and rolled back, revoked; the honest executor commits the range again', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    const { publicClient: client, mc, chainId } = devnet
    const honest = devnet.executors[0]!
    onTestFailed(() => printLogs([honest.logFile], 60))
    const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
    const config = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'config',
    })
    const token = tokenCalls({ client, mc, program, secretStore, timeoutMs: 30_000 })
    const [holder, alice, bob] = devnet.userKeys.map((k) => devnet.wallet(k)) as [
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
    ]

    // The faulty enclave joins like any other: registered, admitted by the honest one, provisioned.
    const faulty = await inProcessEnclave(devnet)
    await faulty.register(FAULTY_OPERATOR_KEY)
    await waitForAdmitted(
      devnet,
      faulty.identity.address,
      'the faulty enclave admitted by the honest executor',
    )
    await testClient.mine({ blocks: Number(config.admissionDelay) })
    expect(await faulty.provision()).toEqual([0n])

    // One transfer in one block; the honest commit for it waits in the mempool.
    const amount = randomAmount()
    const before = await mcChainFacts(client, mc).lastCommit()
    const digestBefore = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'digestOf',
      args: [program],
    })
    await testClient.setAutomine(false)
    let pendingHonest: Awaited<ReturnType<typeof waitForCommitInFlight>>
    let faultyCommitId: `0x${string}`
    const sent = await (async () => {
      try {
        const call = await token.send(holder, 'transfer', [alice.account.address, amount])
        await testClient.mine({ blocks: 1 })
        const toBlock = await client.getBlockNumber()
        pendingHonest = await waitForCommitInFlight({ client, dataDir: honest.dataDir, chainId, mc })
        expect(pendingHonest.toBlock).toBe(toBlock)

        // The faulty enclave executes the same range and signs a divergent body, sent first.
        const divergent = await sendDivergentCommit({
          devnet,
          faulty,
          operatorKey: FAULTY_OPERATOR_KEY,
          toBlock,
        })
        expect(divergent.body.prevCommit).toBe(pendingHonest.prevCommit)
        expect(divergent.body.updates.map((u) => u.program)).toContain(program)
        faultyCommitId = divergent.commitId
        await testClient.mine({ blocks: 1 })
        return call
      } finally {
        await testClient.setAutomine(true)
      }
    })()

    // The faulty commit won; the honest one reverted, and its executor challenged.
    const winner = await mcChainFacts(client, mc).lastCommit()
    expect(winner.commitId).toBe(faultyCommitId!)
    const challenged = await pollUntil(
      async () =>
        (
          await client.getLogs({
            address: mc,
            event: getAbiItem({ abi: managementContractAbi, name: 'Challenged' }),
            fromBlock: devnet.deployBlock,
          })
        ).at(0),
      { what: 'a Challenged event', timeoutMs: 30_000 },
    )
    expect(challenged.args).toMatchObject({
      commitIdA: pendingHonest!.commitId,
      commitIdB: faultyCommitId!,
      signerA: honest.enclave,
      signerB: faulty.identity.address,
      slashed: 2n * config.minBond,
    })
    const loud = logLines(honest.logFile).find((l) => l.msg === DIVERGES)
    expect(loud).toMatchObject({
      level: 50,
      ownCommit: pendingHonest!.commitId,
      winnerCommit: faultyCommitId!,
      winnerSigner: faulty.identity.address,
      fields: ['updates', 'resultsHash'],
    })
    const state = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'lastCommit',
    })
    // Frozen, and rolled back: the last commit and the token's digest are those before the range.
    expect(state).toMatchObject({ frozen: true, commitId: before.commitId, toBlock: before.toBlock })
    const [rolled] = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'RolledBack' }),
      fromBlock: devnet.deployBlock,
    })
    expect(rolled?.args).toEqual({ rolledBack: faultyCommitId!, restoredCommitId: before.commitId })
    expect(
      await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'digestOf',
        args: [program],
      }),
    ).toBe(digestBefore)
    // The MC paid the range's fees to the beneficiary the winning (faulty) enclave signed.
    const [won] = (await acceptedCommits(client, { mc, fromBlock: devnet.deployBlock })).filter(
      (c) => c.commitId === faultyCommitId!,
    )
    expect(won).toMatchObject({
      signer: faulty.identity.address,
      beneficiary: privateKeyToAccount(FAULTY_OPERATOR_KEY).address,
    })
    expect(won!.beneficiaryGain).toBe(won!.fees)
    // While frozen, the transfer's result waits: the faulty commit no longer counts.
    const early = await tokenCalls({ client, mc, program, secretStore, timeoutMs: 1_500 })
      .result(sent)
      .catch((err: unknown) => err)
    expect(isRaceteeError(early) ? early.code : early).toBe('SDK_TIMEOUT')

    // Governance revokes the faulty enclave and unfreezes; the honest executor serves again.
    await resolveChallenge(devnet, faulty.identity.address)
    const after = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'lastCommit',
    })
    expect(after.frozen).toBe(false)
    // The honest executor commits the range again: the transfer's true result arrives.
    const recovered = await token.result(sent)
    expect({ status: recovered.status, decoded: recovered.decoded }).toEqual({
      status: 'success',
      decoded: true,
    })
    expect(recovered.commitId).not.toBe(faultyCommitId!)
    const next = await token.call(holder, 'transfer', [bob.account.address, amount])
    expect({ status: next.status, decoded: next.decoded }).toEqual({ status: 'success', decoded: true })
    // The rolled-back range was re-executed, so its transfer is in state exactly once.
    const balance = await token.call(alice, 'balanceOf', [alice.account.address])
    expect(balance.decoded).toBe(amount)
    const resumed = (await acceptedCommits(client, { mc, fromBlock: challenged.blockNumber })).map(
      (c) => c.signer,
    )
    expect(resumed.length).toBeGreaterThan(0)
    expect(new Set(resumed)).toEqual(new Set([honest.enclave]))
  })
})

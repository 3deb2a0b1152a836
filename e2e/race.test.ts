/**
 * Issue 6, the race (D3.3, D7), every part a real process:
 * - Three executors (the genesis one and two that joined through the chain), three storage nodes
 *   with k = 2, and a stream of confidential token transfers from three users through the SDK.
 *   Every result decrypts to what the token's arithmetic says; every executor executes the same
 *   ranges, and a loser compares the winner's body with its own and logs 'race lost; winner
 *   agrees'; no executor reports a failed round or a divergence; each commit's fees land with the
 *   beneficiary its winning enclave signed (the chain says who won, not the logs).
 * - A backlog larger than one commit may carry (a block quota of 4 entries): four blocks of 3
 *   requests wait while the executor is down; once back, each round takes one whole block (two
 *   would be 6 entries), four commits in all and none over the cap. Rounds after the first end
 *   before the block in which the previous commit landed: the enclave proves the last commit and
 *   the checkpoint of `toBlock` (from the MC's ring) at a later fact block (ARCHITECTURE decision
 *   19). Every result decrypts.
 */

import { type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { managementContractAbi } from '@racetee/protocol'
import { memorySecretStore, type SecretStore } from '@racetee/sdk'
import { type Address, createTestClient, type Hex, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { acceptedCommits } from './support/acceptedCommits.js'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { readHealth } from './support/executorStatus.js'
import { logLines, printLogs } from './support/logLines.js'
import { tokenCalls } from './support/tokenCalls.js'

type Wallet = ReturnType<Devnet['wallet']>

function dumpLogsOnFailure(devnet: () => Devnet | undefined) {
  return () =>
    printLogs(
      (devnet()?.executors ?? []).map((e) => e.logFile),
      60,
    )
}

describe('three executors racing', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address
  let deployBlock: bigint

  beforeAll(async () => {
    devnet = await startDevnet({ executors: 3, storageNodes: 3, storageThreshold: 2 })
    secretStore = memorySecretStore()
    deployBlock = await devnet.publicClient.getBlockNumber()
    ;({ program } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('every transfer is right, losers find the winner agrees, fees go to the winners', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    onTestFailed(dumpLogsOnFailure(() => devnet))
    const { publicClient: client, mc } = devnet
    expect(devnet.executors).toHaveLength(3)
    const token = tokenCalls({ client, mc, program, secretStore })
    const [holder, alice, bob, carol, dave] = devnet.userKeys.map((k) => devnet.wallet(k)) as Wallet[] as [
      Wallet,
      Wallet,
      Wallet,
      Wallet,
      Wallet,
    ]
    // Executor and user accounts are distinct (user keys never pay an executor's gas).
    const executorAccounts = devnet.executors.map((e) => e.account)
    for (const user of [holder, alice, bob, carol, dave])
      expect(executorAccounts).not.toContain(user.account.address)

    const balances = new Map<Address, bigint>()
    const credit = (to: Address, amount: bigint) => balances.set(to, (balances.get(to) ?? 0n) + amount)
    const transfer = async (from: Wallet, to: Wallet, amount: bigint) => {
      const result = await token.call(from, 'transfer', [to.account.address, amount])
      expect({ status: result.status, decoded: result.decoded }).toEqual({ status: 'success', decoded: true })
      credit(to.account.address, amount)
      if (from !== holder) credit(from.account.address, -amount)
    }
    // Funding, then three senders in parallel, each a stream of transfers to carol and dave.
    const start = [randomAmount() * 10n, randomAmount() * 10n] as const
    await Promise.all([transfer(holder, alice, start[0]), transfer(holder, bob, start[1])])
    const stream = async (from: Wallet, budget: bigint) => {
      for (let i = 0; i < 4; i++) await transfer(from, i % 2 === 0 ? carol : dave, budget / 8n)
    }
    await Promise.all([stream(holder, randomAmount()), stream(alice, start[0]), stream(bob, start[1])])
    for (const user of [alice, bob, carol, dave]) {
      const read = await token.call(user, 'balanceOf', [user.account.address])
      expect({ user: user.account.address, balance: read.decoded }).toEqual({
        user: user.account.address,
        balance: balances.get(user.account.address),
      })
    }

    // The chain: who won each commit, and where its fees went.
    const commits = await acceptedCommits(client, { mc, fromBlock: deployBlock })
    const byEnclave = new Map(devnet.executors.map((e) => [e.enclave, e]))
    expect(commits.length).toBeGreaterThan(0)
    for (const commit of commits) {
      const winner = byEnclave.get(commit.signer)
      expect(winner, `commit ${commit.commitId} signed by a devnet enclave`).toBeDefined()
      expect(commit.beneficiary).toBe(winner!.account)
      expect(commit.fees).toBeGreaterThan(0n)
      expect({ commit: commit.commitId, gain: commit.beneficiaryGain }).toEqual({
        commit: commit.commitId,
        gain: commit.fees,
      })
    }
    // Every seq committed once, in order (a lost race neither loses nor repeats a request).
    for (let i = 1; i < commits.length; i++) expect(commits[i]!.fromSeq).toBe(commits[i - 1]!.toSeq + 1n)
    const lastCommit = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'lastCommit',
    })
    expect(lastCommit.frozen).toBe(false)

    // The executors' own accounts: races lost to agreeing winners, never a failure.
    const winners = new Set(commits.map((c) => c.signer))
    const lines = devnet.executors.map((e) => logLines(e.logFile))
    const agreed = lines.map((l) => l.filter((x) => x.msg === 'race lost; winner agrees').length)
    expect(
      agreed.reduce((a, b) => a + b, 0),
      'races lost to an agreeing winner',
    ).toBeGreaterThan(0)
    // `/health` names each race lost by its winning commit (what a dashboard places exactly).
    const accepted = new Set(commits.map((c) => c.commitId))
    const listed = await Promise.all(
      devnet.executors.map(async (e) => (await readHealth(e.healthUrl)).racesLost),
    )
    listed.forEach((races, i) => {
      expect(races.filter((r) => r.verdict === 'agrees').length).toBe(Math.min(agreed[i]!, 32))
      for (const race of races) expect(accepted.has(race.winner as Hex), race.winner).toBe(true)
    })
    devnet.executors.forEach((executor, i) => {
      const story = { executor: i, won: winners.has(executor.enclave), agreed: agreed[i]! > 0 }
      expect(story.won || story.agreed, JSON.stringify(story)).toBe(true)
      const bad = lines[i]!.filter(
        (l) =>
          l.msg === 'round failed; retrying' ||
          /DIVERGES|could not be read|adopting the winner failed|challenge/.test(String(l.msg)),
      )
      expect(bad.map((l) => l.msg)).toEqual([])
    })
  })
})

describe('a backlog larger than one commit', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address

  beforeAll(async () => {
    // 10M / 2.5M: the MC takes 4 requests per block, so a commit may carry 4 entries.
    devnet = await startDevnet({ mcConfig: { blockQuotaGas: 10_000_000n, commitGasPerRequest: 2_500_000n } })
    secretStore = memorySecretStore()
    ;({ program } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  }, 90_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('is split at every block boundary, one commit per round, none over the cap', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    onTestFailed(dumpLogsOnFailure(() => devnet))
    const { publicClient: client, mc } = devnet
    const executor = devnet.executors[0]!
    const token = tokenCalls({ client, mc, program, secretStore })
    const [holder, alice, bob, carol] = devnet.userKeys.map((k) => devnet.wallet(k)) as Wallet[] as [
      Wallet,
      Wallet,
      Wallet,
      Wallet,
    ]
    const funds = randomAmount() * 100n
    await Promise.all([
      token.call(holder, 'transfer', [alice.account.address, funds]),
      token.call(holder, 'transfer', [bob.account.address, funds]),
    ])

    // The executor goes down; four blocks of three transfers each pile up behind it.
    await executor.service.stop()
    const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
    const firstBlock = (await client.getBlockNumber()) + 1n
    const sent: { call: Awaited<ReturnType<typeof token.send>>; amount: bigint }[] = []
    await testClient.setAutomine(false)
    try {
      for (let block = 0; block < 4; block++) {
        for (const from of [holder, alice, bob]) {
          const amount = randomAmount()
          sent.push({ call: await token.send(from, 'transfer', [carol.account.address, amount]), amount })
        }
        await testClient.mine({ blocks: 1 })
      }
    } finally {
      await testClient.setAutomine(true)
    }
    const requestBlocks = await Promise.all(
      sent.map(async ({ call }) => (await client.getTransactionReceipt({ hash: call.hash })).blockNumber),
    )
    expect(new Set(requestBlocks).size).toBe(4)
    expect(requestBlocks.every((b) => b >= firstBlock)).toBe(true)

    await executor.restart()
    const results = await Promise.all(sent.map(({ call }) => token.result(call)))
    for (const r of results)
      expect({ status: r.status, decoded: r.decoded }).toEqual({ status: 'success', decoded: true })
    const balance = await token.call(carol, 'balanceOf', [carol.account.address])
    expect(balance.decoded).toBe(sent.reduce((sum, s) => sum + s.amount, 0n))

    // The chain: every round took exactly one of the backlog's blocks (3 entries), ending just
    // before the next block with requests; the last ran to the head.
    const commits = (await acceptedCommits(client, { mc, fromBlock: firstBlock })).filter(
      (c) => c.toSeq >= results[0]!.seq && c.fromSeq <= results.at(-1)!.seq,
    )
    const sortedBlocks = [...new Set(requestBlocks)].sort((a, b) => (a < b ? -1 : 1))
    expect(commits.map((c) => c.toSeq - c.fromSeq + 1n)).toEqual([3n, 3n, 3n, 3n])
    for (let i = 0; i < 3; i++) expect(commits[i]!.toBlock).toBe(sortedBlocks[i + 1]! - 1n)
    // Decision 19 as it was would have refused these: each later round ends before the block
    // in which the commit it chains from landed (after the whole backlog).
    for (let i = 1; i < 3; i++) expect(commits[i]!.toBlock).toBeLessThan(commits[i - 1]!.blockNumber)
    const lines = logLines(executor.logFile)
    expect(
      lines.filter((l) => String(l.msg).startsWith('round over the commit cap')).map((l) => l.msg),
    ).toEqual([])
    expect(lines.filter((l) => l.msg === 'round failed; retrying').map((l) => l.msg)).toEqual([])
    const capped = lines.filter(
      (l) => l.msg === 'round capped at a block boundary so its commit fits one transaction',
    )
    expect(capped.length).toBeGreaterThanOrEqual(3)
  })
})

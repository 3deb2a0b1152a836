/**
 * Private events end to end (issue 4, D5 "Private events", P4 `ResultV1.logs`), every part a
 * real process (anvil, the MC, one storage node, one executor with its enclave child under
 * SIMULATION): a confidential transfer's decrypted result carries the token's `Transfer` event,
 * decoded by the SDK exactly as viem decodes the public token's receipt for the same transfer;
 * and the event exists on chain in no form: no log with its signature outside the public
 * token, and its amount in no MC transaction or event, nor in any host file or log.
 */
import { join } from 'node:path'
import { confidentialErc20Artifact } from '@racetee/contracts'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi } from '@racetee/protocol'
import { callProgram, type WaitForResultReturnType, waitForResult } from '@racetee/sdk'
import { type Address, type Hex, parseEventLogs, type TransactionReceipt, toEventSelector, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainTransactions, transactionOf } from './support/chainTransactions.js'
import { deployConfidentialToken, tokenArgs } from './support/deployConfidentialToken.js'
import { type RecordingSecretStore, recordingSecretStore } from './support/recordingSecretStore.js'
import { needlesFor, needlesForBytes, scanChain, scanFiles } from './support/scanForPlaintext.js'

const CALL_GAS = 200_000n
/** Random 128-bit: if it ever appears outside the user's process, a scan finds it. */
const randomAmount = (): bigint => BigInt(toHex(crypto.getRandomValues(new Uint8Array(16)))) | (1n << 127n)
const transferTopic = toEventSelector('Transfer(address,address,uint256)')

describe('private events on the devnet', () => {
  let devnet: Devnet | undefined
  let secretStore: RecordingSecretStore
  let program: Address
  let publicToken: Address
  const amount = randomAmount()
  let confidential: WaitForResultReturnType<typeof confidentialErc20Abi, 'transfer'>
  let overdraft: WaitForResultReturnType<typeof confidentialErc20Abi, 'transfer'>
  let publicReceipt: TransactionReceipt
  let alice: Address
  let bob: Address
  let transferHash: Hex

  beforeAll(async () => {
    devnet = await startDevnet()
    secretStore = recordingSecretStore()
    const [aliceWallet, bobWallet] = devnet.userKeys.slice(0, 2).map((key) => devnet!.wallet(key)) as [
      ReturnType<Devnet['wallet']>,
      ReturnType<Devnet['wallet']>,
    ]
    alice = aliceWallet.account.address
    bob = bobWallet.account.address
    const { mc, publicClient } = devnet
    ;({ program } = await deployConfidentialToken(devnet, { wallet: aliceWallet, secretStore }))
    const deployed = await aliceWallet.deployContract({
      abi: confidentialErc20Abi,
      bytecode: confidentialErc20Artifact.bytecode,
      args: tokenArgs,
    })
    publicToken = (await publicClient.waitForTransactionReceipt({ hash: deployed })).contractAddress!

    const call = { mc, program, abi: confidentialErc20Abi, gasLimit: CALL_GAS, secretStore, publicClient }
    const wait = { mc, secretStore, abi: confidentialErc20Abi, pollingInterval: 100, timeout: 60_000 }
    const sent = await callProgram(aliceWallet, { ...call, functionName: 'transfer', args: [bob, amount] })
    transferHash = sent.hash
    // Bob holds only `amount`: twice as much reverts, and a reverted request emits nothing.
    const refused = await callProgram(bobWallet, {
      ...call,
      functionName: 'transfer',
      args: [alice, 2n * amount],
    })
    ;[confidential, overdraft] = await Promise.all([
      waitForResult(publicClient, { ...wait, hash: sent.hash, functionName: 'transfer' }),
      waitForResult(publicClient, { ...wait, hash: refused.hash, functionName: 'transfer' }),
    ])
    // The public reference: the same transfer, in the clear, on the public token.
    const hash = await aliceWallet.writeContract({
      address: publicToken,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [bob, amount],
    })
    publicReceipt = await publicClient.waitForTransactionReceipt({ hash })
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test("a confidential transfer's result carries its Transfer event, decoded as viem decodes the public receipt", () => {
    expect([confidential.status, confidential.decoded]).toEqual(['success', true])
    const publicEvents = parseEventLogs({ abi: confidentialErc20Abi, logs: publicReceipt.logs })
    expect(publicEvents).toHaveLength(1)
    expect(confidential.events).toHaveLength(1)
    const [event] = confidential.events
    const [reference] = publicEvents
    // Same event, same arguments, same encoding; only the emitter differs (the confidential
    // program vs the public token), and the position counts within the request.
    expect(event).toEqual({
      address: expect.stringMatching(new RegExp(`^${program}$`, 'i')),
      topics: reference!.topics,
      data: reference!.data,
      logIndex: 0,
      eventName: 'Transfer',
      args: { from: alice, to: bob, value: amount },
    })
    expect(reference!.args).toEqual(event!.args)
    expect(reference!.address.toLowerCase()).toBe(publicToken.toLowerCase())
    // The raw log is kept beside the decoded event.
    expect(confidential.logs).toEqual([
      { address: event!.address, topics: event!.topics, data: event!.data, logIndex: 0 },
    ])
  })

  test('behavior: a reverted transfer returns no logs, as the public chain keeps none', () => {
    expect(overdraft.status).toBe('reverted')
    expect([overdraft.logs, overdraft.events]).toEqual([[], []])
  })

  test('behavior: the event is on chain in no form: no Transfer log but the public token’s, no amount', async () => {
    const client = devnet!.publicClient
    const head = await client.getBlockNumber()
    const logs = await client.getLogs({ fromBlock: 0n, toBlock: head })
    const transferEmitters = new Set(
      logs.filter((log) => log.topics[0] === transferTopic).map((log) => log.address.toLowerCase()),
    )
    expect([...transferEmitters]).toEqual([publicToken.toLowerCase()])

    const needles = [...needlesFor([amount]), ...needlesForBytes(secretStore.secrets)]
    const findings = await scanChain({ client, fromBlock: 0n, toBlock: head, needles })
    const transactions = await chainTransactions({ client, fromBlock: 0n, toBlock: head })
    const toOf = new Map(transactions.map((tx) => [tx.where, tx.to]))
    const outside = findings.filter((f) => toOf.get(transactionOf(f)) !== publicToken.toLowerCase())
    expect(outside).toEqual([])
    // Control: the public run's amount is found, in its calldata and in its Transfer log.
    const [word] = needlesFor([amount]).filter((n) => n.form === 'word')
    const inPublic = new Set(
      findings.map((f) => `${f.needle} ${f.where.includes(' log ') ? 'log' : 'input'}`),
    )
    expect(inPublic).toContain(`${word!.label} input`)
    expect(inPublic).toContain(`${word!.label} log`)
    // Not vacuous: the MC carried the confidential requests (deploy, two transfers).
    const mc = devnet!.mc.toLowerCase()
    expect(transactions.filter((tx) => tx.to === mc).length).toBeGreaterThanOrEqual(3)
  })

  test('behavior: the amount is in no storage, executor or log file', async () => {
    const paths = [devnet!.storage[0]!.dataDir, devnet!.executors[0]!.dataDir, join(devnet!.dir, 'logs')]
    const needles = [...needlesFor([amount]), ...needlesForBytes(secretStore.secrets)]
    expect(await scanFiles({ paths, needles })).toEqual([])
  })

  test('behavior: without an ABI the log stays raw: no events, the same logs', async () => {
    const raw = await waitForResult(devnet!.publicClient, {
      mc: devnet!.mc,
      hash: transferHash,
      secretStore,
      pollingInterval: 100,
      timeout: 30_000,
    })
    expect(raw.events).toEqual([])
    expect(raw.logs).toEqual(confidential.logs)
    expect(raw.decoded).toBeUndefined()
  })
})

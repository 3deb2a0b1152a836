/**
 * The SDK against a real anvil (D8): a ConfidentialERC20 deployed and called through the SDK's
 * actions from a local and a JSON-RPC account, rounds run by the in-process enclave with the
 * executor's host helpers, results fetched from the registered storage nodes (a local HTTP
 * double whose first node tampers) and decrypted. Checks each secret is persisted before its
 * transaction leaves, and that a fresh file store over the same directory (an SDK restart)
 * still opens a result knowing only its hash.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { confidentialErc20Artifact } from '@racetee/contracts'
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import { type Account, type Address, type Hex, nonceManager, type PrivateKeyAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assertSuccess,
  callProgram,
  callProgramAndWait,
  deployProgram,
  memorySecretStore,
  type SecretStore,
  txSecretKey,
  waitForResult,
} from '../src/index.js'
import { fileSecretStore } from '../src/node/index.js'
import { type BlobServer, startBlobServer } from './blobServer.js'
import { type DevRound, startDevRound } from './devRound.js'
import { guardedWallet, type SendCheck } from './guardedWallet.js'

const SUPPLY = 10n ** 30n
const CALL_GAS = 200_000n

describe('sdk on anvil', () => {
  const blobs = new Map<Hex, Uint8Array>()
  let dev: DevRound
  let server: BlobServer
  let dir: string
  let store: SecretStore
  let program: Address
  const checks: SendCheck[] = []
  const wallet = (account: Account | Address, secrets = store) =>
    guardedWallet({
      rpcUrl: dev.rpcUrl,
      chain: dev.chain,
      chainId: dev.chainId,
      store: secrets,
      checks,
      account,
    })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'racetee-sdk-'))
    store = fileSecretStore({ dir: join(dir, 'secrets') })
    server = await startBlobServer(blobs)
    // Registry order: the tampering node first, so every read must skip it.
    dev = await startDevRound({ storageUrls: [server.tamperedUrl, server.goodUrl], blobs })
  }, 60_000)

  afterAll(async () => {
    await dev?.stop()
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('deploys and calls a confidential token, persists secrets before sending, and decrypts results', async () => {
    const [alice, bob, carol] = dev.users as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount]
    const { client, mc } = dev
    const aliceWallet = wallet(alice)
    // A JSON-RPC account: anvil holds bob's key and signs on eth_sendTransaction.
    const bobWallet = wallet(bob.address)

    const deployed = await deployProgram(aliceWallet, {
      mc,
      bytecode: confidentialErc20Artifact.bytecode,
      abi: confidentialErc20Abi,
      args: ['Token', 'TOK', SUPPLY],
      gasLimit: 3_000_000n,
      secretStore: store,
      publicClient: client,
    })
    program = deployed.program
    // Awaited only after the round: waitForResult must wait for the commit, not find it.
    const deployResult = waitForResult(client, {
      mc,
      hash: deployed.hash,
      secretStore: store,
      timeout: 30_000,
    })
    await dev.round()
    const deployedResult = await deployResult
    expect([deployedResult.status, deployedResult.program]).toEqual(['success', program])
    expect(
      await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'isProgram',
        args: [program],
      }),
    ).toBe(true)

    // Alice pays Bob, Bob pays Carol from it, Alice reads her balance: one block, two accounts.
    await client.request({ method: 'evm_setAutomine' as never, params: [false] as never })
    const call = {
      mc,
      program,
      abi: confidentialErc20Abi,
      gasLimit: CALL_GAS,
      secretStore: store,
      publicClient: client,
    }
    const pay = await callProgram(aliceWallet, {
      ...call,
      functionName: 'transfer',
      args: [bob.address, 1_000n],
    })
    const forward = await callProgram(bobWallet, {
      ...call,
      functionName: 'transfer',
      args: [carol.address, 400n],
    })
    const read = await callProgram(aliceWallet, { ...call, functionName: 'balanceOf', args: [alice.address] })
    await client.request({ method: 'evm_mine' as never, params: [] as never })
    await client.request({ method: 'evm_setAutomine' as never, params: [true] as never })
    await dev.round()

    const wait = { mc, secretStore: store, abi: confidentialErc20Abi, timeout: 30_000 } as const
    const paid = await waitForResult(client, { ...wait, hash: pay.hash, functionName: 'transfer' })
    expect([paid.status, paid.decoded]).toEqual(['success', true])
    expect(paid.seq).toBeGreaterThan(deployedResult.seq)
    const forwarded = await waitForResult(client, { ...wait, hash: forward.hash, functionName: 'transfer' })
    expect([forwarded.status, forwarded.decoded]).toEqual(['success', true])
    const balance = await waitForResult(client, { ...wait, hash: read.hash, functionName: 'balanceOf' })
    expect(balance.decoded).toBe(SUPPLY - 1_000n)
    expect(balance.commitId).toBe(paid.commitId)

    // D8: each secret was durable before its transaction left; the JSON-RPC record moved to its tx key.
    expect(checks.map((c) => [c.method, c.present])).toEqual([
      ['eth_sendRawTransaction', true],
      ['eth_sendRawTransaction', true],
      ['eth_sendTransaction', true],
      ['eth_sendRawTransaction', true],
    ])
    expect(await store.get(txSecretKey(dev.chainId, forward.hash))).toBeDefined()
    expect(await store.get(checks[2]!.key)).toBeUndefined()

    // An SDK restart: a new store instance over the same directory, only the hash known.
    const restarted = fileSecretStore({ dir: join(dir, 'secrets') })
    const again = await waitForResult(client, {
      ...wait,
      secretStore: restarted,
      hash: forward.hash,
      functionName: 'transfer',
    })
    expect(again.decoded).toBe(true)
    // Every read went to the tampering node first and was then served by the good one.
    const nodes = server.asked.map((path) => path.split('/')[1])
    expect(nodes.filter((n) => n === 'tampered').length).toBe(5)
    expect(nodes.filter((n) => n === 'good').length).toBe(5)
  }, 120_000)

  it('behavior: callProgramAndWait returns the decoded result; a refused read is data until assertSuccess', async () => {
    const [alice, bob] = dev.users as [PrivateKeyAccount, PrivateKeyAccount]
    const { client, mc } = dev
    const secretStore = memorySecretStore()
    // Two requests in flight from one local account: viem's nonce manager numbers them.
    const bobManaged = wallet(privateKeyToAccount(anvilDevKeys[3]!, { nonceManager }), secretStore)
    expect(bobManaged.account.address).toBe(bob.address)
    const call = {
      mc,
      program,
      abi: confidentialErc20Abi,
      gasLimit: CALL_GAS,
      secretStore,
      publicClient: client,
    }
    const live = async () =>
      (await client.readContract({ address: mc, abi: managementContractAbi, functionName: 'live' })).seq
    const before = await live()
    const wait = { functionName: 'balanceOf', timeout: 30_000 } as const
    const own = callProgramAndWait(bobManaged, { ...call, ...wait, args: [bob.address] })
    const other = callProgramAndWait(bobManaged, { ...call, ...wait, args: [alice.address] })
    // The round runs once both requests are on chain.
    const deadline = Date.now() + 20_000
    while ((await live()) < before + 2n) {
      if (Date.now() > deadline) throw new TypeError('the requests did not reach the chain')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await dev.round()
    const mine = await own
    expect([mine.status, mine.decoded]).toEqual(['success', 600n])
    // D5: ConfidentialERC20 shows a balance only to its owner; the refusal is an outcome.
    const refused = await other
    expect([refused.status, refused.decoded]).toEqual(['reverted', undefined])
    expect(() => assertSuccess(refused)).toThrow(expect.objectContaining({ code: 'SDK_EXECUTION_FAILED' }))
  }, 60_000)
})

/**
 * `waitForResult` on a real anvil when things go wrong (D8, D6): tampering storage nodes, a
 * crash between a JSON-RPC send and the tx-key write, missing or foreign secrets, a transaction
 * that is no request, and a request no commit covers in time. Setup: a token deployed and one
 * JSON-RPC call committed through the SDK, rounds by the in-process enclave (devRound.ts).
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi, isRaceteeError } from '@racetee/protocol'
import { type Address, createWalletClient, type Hash, type Hex, http, type PrivateKeyAccount } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callProgram,
  deployProgram,
  envelopeSecretKey,
  memorySecretStore,
  type SecretStore,
  txSecretKey,
  waitForResult,
} from '../src/index.js'
import { type BlobServer, startBlobServer } from './blobServer.js'
import { type DevRound, startDevRound } from './devRound.js'
import { guardedWallet, type SendCheck } from './guardedWallet.js'

const CALL_GAS = 200_000n

describe('waitForResult on anvil, faults', () => {
  const blobs = new Map<Hex, Uint8Array>()
  const store: SecretStore = memorySecretStore()
  const checks: SendCheck[] = []
  let dev: DevRound
  let server: BlobServer
  let program: Address
  let deployHash: Hash
  let callHash: Hash
  let callId: Hex

  beforeAll(async () => {
    server = await startBlobServer(blobs)
    // Registry order: the good node first, so a tampering node is only met when named explicitly.
    dev = await startDevRound({ storageUrls: [server.goodUrl, server.tamperedUrl], blobs })
    const [alice, bob] = dev.users as [PrivateKeyAccount, PrivateKeyAccount]
    const wallet = (account: PrivateKeyAccount | Address) =>
      guardedWallet({ rpcUrl: dev.rpcUrl, chain: dev.chain, chainId: dev.chainId, store, checks, account })
    const deployed = await deployProgram(wallet(alice), {
      mc: dev.mc,
      bytecode: confidentialErc20Artifact.bytecode,
      abi: confidentialErc20Abi,
      args: ['Token', 'TOK', 1_000n],
      gasLimit: 3_000_000n,
      secretStore: store,
      publicClient: dev.client,
    })
    ;({ program } = deployed)
    deployHash = deployed.hash
    const called = await callProgram(wallet(bob.address), {
      mc: dev.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'totalSupply',
      gasLimit: CALL_GAS,
      secretStore: store,
      publicClient: dev.client,
    })
    callHash = called.hash
    callId = called.requestId
    await dev.round()
  }, 60_000)

  afterAll(async () => {
    await dev?.stop()
    await server?.close()
  })

  const wait = (hash: Hash, extra: Partial<Parameters<typeof waitForResult>[1]> = {}) =>
    waitForResult(dev.client, { mc: dev.mc, hash, secretStore: store, timeout: 30_000, ...extra })

  it('opens the committed results through the registry’s storage nodes', async () => {
    expect((await wait(deployHash)).status).toBe('success')
    const supply = await waitForResult(dev.client, {
      mc: dev.mc,
      hash: callHash,
      secretStore: store,
      abi: confidentialErc20Abi,
      functionName: 'totalSupply',
    })
    expect(supply.decoded).toBe(1_000n)
  })

  it('behavior: with explicit storageUrls, a tampered bundle makes the next node be tried', async () => {
    const asked = server.asked.length
    const result = await wait(deployHash, { storageUrls: [server.tamperedUrl, server.goodUrl] })
    expect(result.status).toBe('success')
    expect(server.asked.slice(asked).map((path) => path.split('/')[1])).toEqual(['tampered', 'good'])
  })

  it('behavior: a JSON-RPC request whose tx key was never written is found by its envelope hash', async () => {
    // The crash D8 guards against: the record is under the envelope key only.
    const crashed = memorySecretStore()
    await crashed.put(
      envelopeSecretKey(dev.chainId, callId),
      (await store.get(txSecretKey(dev.chainId, callHash)))!,
    )
    expect((await wait(callHash, { secretStore: crashed })).status).toBe('success')
  })

  it('error: only a tampering node: SDK_RESULT_UNAVAILABLE once the deadline passes', async () => {
    // The commit stands (no rollback), so the fetch is retried until the deadline, then fails.
    const started = Date.now()
    const err = await wait(deployHash, { storageUrls: [server.tamperedUrl], timeout: 2_000 }).catch(
      (e: unknown) => e,
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500)
    expect(isRaceteeError(err, 'SDK_RESULT_UNAVAILABLE')).toBe(true)
  })

  it('error: no secret, or another request’s secret, under the hash: SDK_SECRET_NOT_FOUND', async () => {
    const missing = await wait(deployHash, { secretStore: memorySecretStore() }).catch((e: unknown) => e)
    expect(isRaceteeError(missing, 'SDK_SECRET_NOT_FOUND')).toBe(true)
    const swapped = memorySecretStore()
    await swapped.put(
      txSecretKey(dev.chainId, deployHash),
      (await store.get(txSecretKey(dev.chainId, callHash)))!,
    )
    const foreign = await wait(deployHash, { secretStore: swapped }).catch((e: unknown) => e)
    expect(isRaceteeError(foreign, 'SDK_SECRET_NOT_FOUND')).toBe(true)
  })

  it('error: a transaction that carries no request: SDK_REQUEST_NOT_FOUND', async () => {
    const plain = await createWalletClient({
      account: dev.users[3]!,
      chain: dev.chain,
      transport: http(dev.rpcUrl),
    }).sendTransaction({ to: dev.users[4]!.address, value: 1n })
    const err = await wait(plain).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_REQUEST_NOT_FOUND')).toBe(true)
  })

  it('error: a request no commit covers in time: SDK_TIMEOUT', async () => {
    const sent = await callProgram(guardedWallet({ ...dev, store, checks, account: dev.users[0]! }), {
      mc: dev.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'totalSupply',
      gasLimit: CALL_GAS,
      secretStore: store,
      publicClient: dev.client,
    })
    const err = await wait(sent.hash, { timeout: 500 }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_TIMEOUT')).toBe(true)
  })
})

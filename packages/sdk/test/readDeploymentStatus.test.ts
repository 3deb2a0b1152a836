/**
 * `readDeploymentStatus` against a real anvil (D8 `racetee status`): a deployment with the
 * genesis enclave and two storage nodes, a confidential token deployed and called through the
 * SDK, rounds run by the in-process enclave (`devRound.ts`). Checks the counters before and after
 * each round and that the commit is attributed to the enclave that signed it.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi } from '@racetee/protocol'
import type { Hex, PrivateKeyAccount } from 'viem'
import { createWalletClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callProgram, deployProgram, memorySecretStore, readDeploymentStatus } from '../src/index.js'
import { type BlobServer, startBlobServer } from './blobServer.js'
import { type DevRound, startDevRound } from './devRound.js'

describe('readDeploymentStatus', () => {
  const blobs = new Map<Hex, Uint8Array>()
  let dev: DevRound
  let server: BlobServer

  beforeAll(async () => {
    server = await startBlobServer(blobs)
    dev = await startDevRound({ storageUrls: [server.goodUrl, server.tamperedUrl], blobs })
  }, 60_000)

  afterAll(async () => {
    await dev?.stop()
    await server?.close()
  })

  it('reports epoch, executors with their wins, storage nodes, the last commit and pending entries', async () => {
    const alice = dev.users[0] as PrivateKeyAccount
    const wallet = createWalletClient({ account: alice, chain: dev.chain, transport: http(dev.rpcUrl) })
    const secretStore = memorySecretStore()

    const fresh = await readDeploymentStatus(dev.client, { mc: dev.mc })
    expect(fresh.chainId).toBe(Number(dev.chainId))
    expect(fresh.epoch.epoch).toBe(0n)
    expect(fresh.lastCommit).toBeNull()
    expect(fresh.pending).toBe(0n)
    expect(fresh.commits).toBe(0)
    expect(fresh.storage.map((s) => s.url)).toEqual([server.goodUrl, server.tamperedUrl])
    expect(fresh.storageThreshold).toBeGreaterThan(0)
    expect(fresh.executors).toHaveLength(1)
    expect(fresh.executors[0]).toMatchObject({ admitted: true, revoked: false, commitsWon: 0 })

    const { program } = await deployProgram(wallet, {
      mc: dev.mc,
      bytecode: confidentialErc20Artifact.bytecode,
      abi: confidentialErc20Abi,
      args: ['Token', 'TOK', 1000n],
      gasLimit: 3_000_000n,
      secretStore,
      publicClient: dev.client,
    })
    const sent = await readDeploymentStatus(dev.client, { mc: dev.mc })
    expect(sent.entries).toBe(1n)
    expect(sent.pending).toBe(1n)

    await dev.round()
    const committed = await readDeploymentStatus(dev.client, { mc: dev.mc })
    expect(committed.pending).toBe(0n)
    expect(committed.commits).toBe(1)
    expect(committed.unattributedCommits).toBe(0)
    expect(committed.lastCommit).toMatchObject({ toSeq: 1n, frozen: false })
    expect(committed.lastCommit?.blockNumber).toBeTypeOf('bigint')
    expect(committed.executors[0]?.commitsWon).toBe(1)

    await callProgram(wallet, {
      mc: dev.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [dev.users[1]!.address, 1n],
      gasLimit: 200_000n,
      secretStore,
      publicClient: dev.client,
    })
    await dev.round()
    const second = await readDeploymentStatus(dev.client, { mc: dev.mc })
    expect(second.executors[0]?.commitsWon).toBe(2)
    expect(second.lastCommit?.toSeq).toBe(2n)
  })

  it('behavior: fromBlock after every commit counts no wins but still reports the last commit', async () => {
    const head = await dev.client.getBlockNumber()
    const status = await readDeploymentStatus(dev.client, { mc: dev.mc, fromBlock: head + 1n })
    expect(status.commits).toBe(0)
    expect(status.executors).toHaveLength(0)
    expect(status.lastCommit?.toSeq).toBe(2n)
    expect(status.lastCommit?.blockNumber).toBeNull()
  })
})

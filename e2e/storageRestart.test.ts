/**
 * A storage node is counted on for the blobs it confirmed (D6): after kill -9 and a restart on
 * the same data dir and port (the URL registered on the MC), it serves every one of them, and
 * the executor, whose rounds fail while its only storage node (k = 1) is down, commits again
 * once it is back (D7: a faulted round is retried, nothing is skipped).
 */

import {
  type Devnet,
  randomAmount,
  runTokenDemo,
  startDevnet,
  type TokenDemoReturnType,
} from '@racetee/devnet'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import { callProgram, waitForResult } from '@racetee/sdk'
import { fetchBlob } from '@racetee/storage'
import { keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { blobsOnChain, headParts, storedBlobs } from './support/confirmedBlobs.js'
import { readHealth } from './support/executorStatus.js'
import { pollUntil } from './support/pollUntil.js'
import { recordingSecretStore } from './support/recordingSecretStore.js'

/** What a round may fail with while the only storage node is down: no blob to load, or no k. */
const OUTAGE_CODES = ['EXECUTOR_CONFIRMATIONS_SHORT', 'ENCLAVE_BLOB_MISSING', 'STORAGE_UNAVAILABLE']

describe('storage node restart on the devnet', () => {
  let devnet: Devnet | undefined
  let first: TokenDemoReturnType

  beforeAll(async () => {
    devnet = await startDevnet()
    first = await runTokenDemo(devnet, { rounds: 1 })
  }, 60_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('a storage node restarted serves every blob it confirmed', async () => {
    expect(first.outcomes.every((o) => o.matched)).toBe(true)
    const node = devnet!.storage[0]!
    const { url, signer } = node
    const onChain = await blobsOnChain({
      client: devnet!.publicClient,
      mc: devnet!.mc,
      fromBlock: devnet!.deployBlock,
    })
    // Genesis commits nothing: one commit for the deploy, at least one for the round.
    expect(onChain.commits).toBeGreaterThanOrEqual(2)
    expect(onChain.resultsHashes).toHaveLength(onChain.commits)
    // The program's current head is the digest on the MC (P5), one of those the commits set.
    const digest = await devnet!.publicClient.readContract({
      address: devnet!.mc,
      abi: managementContractAbi,
      functionName: 'digestOf',
      args: [first.program],
    })
    expect(onChain.heads).toContain(digest)
    // Each head names its code, index and Info blobs: read them while the node is up.
    const parts = (
      await Promise.all(onChain.heads.map(async (hash) => headParts(await fetchBlob({ url, hash }))))
    ).flat()
    const confirmed = [...new Set([...onChain.resultsHashes, ...onChain.heads, ...parts])]
    const held = await storedBlobs(node.dataDir)
    expect(held).toEqual(expect.arrayContaining(confirmed))

    await node.service.kill()
    expect(node.service.process.signalCode).toBe('SIGKILL')
    await expect(fetchBlob({ url, hash: digest })).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' })

    await node.restart()
    expect({ url: node.url, signer: node.signer }).toEqual({ url, signer })
    // Every blob on its disk, the chain's and the others (pages), served and re-hashed.
    for (const hash of held) {
      const bytes = await fetchBlob({ url: node.url, hash })
      expect(keccak256(bytes)).toBe(hash)
    }
  })

  test('behavior: the executor waits while the node is down, says why in its health, and commits after', async () => {
    const node = devnet!.storage[0]!
    const { healthUrl } = devnet!.executors[0]!
    await node.service.kill()

    // A request during the outage: ordered on chain, but no round can finish. The round waits
    // for k confirmations (D6) rather than failing, and health says degraded, with the code.
    const secretStore = recordingSecretStore()
    const [key] = devnet!.userKeys
    const wallet = devnet!.wallet(key!)
    const { hash } = await callProgram(wallet, {
      mc: devnet!.mc,
      program: first.program,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [devnet!.wallet(devnet!.userKeys[1]!).account.address, randomAmount()],
      gasLimit: 200_000n,
      secretStore,
      publicClient: devnet!.publicClient,
    })
    const degraded = await pollUntil(
      async () => {
        const health = await readHealth(healthUrl)
        return health.status === 'degraded' ? health : undefined
      },
      { what: 'executor degraded while storage is down', timeoutMs: 20_000 },
    )
    expect(degraded.httpStatus).toBe(503)
    expect(OUTAGE_CODES).toContain(degraded.lastError)

    await node.restart()
    // The request sent during the outage commits once the node is back (after the back-off).
    const result = await waitForResult(devnet!.publicClient, {
      mc: devnet!.mc,
      hash,
      secretStore,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      pollingInterval: 100,
    })
    expect(result.status).toBe('success')
    await pollUntil(async () => ((await readHealth(healthUrl)).status === 'ok' ? true : undefined), {
      what: 'executor ok again',
      timeoutMs: 10_000,
    })

    // And a whole demo round afterwards matches the public run.
    const second = await runTokenDemo(devnet!, { rounds: 1 })
    expect(second.outcomes).toHaveLength(5)
    expect(second.outcomes.filter((o) => !o.matched)).toEqual([])
  }, 60_000)
})

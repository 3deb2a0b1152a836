/**
 * Issue 6, "the others adopt the winner's commit, fetch its blobs" (D6, D7, ARCHITECTURE
 * decision 46), every part a real process: two racing executors, three storage nodes, k = 2.
 * A loser whose winner agrees holds the winner's batch byte for byte; it recovers, from the
 * winning `commit` call's calldata, which nodes confirmed it (over the deployment's real
 * Availability digest) and replicates it to exactly the other registered node. In the end
 * every storage node serves every committed batch's results bundle, re-hashed on the way.
 */

import { type Devnet, runTokenDemo, startDevnet } from '@racetee/devnet'
import { fetchBlob } from '@racetee/storage'
import { keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { blobsOnChain } from './support/confirmedBlobs.js'
import { type LogLine, logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'

const REPLICATING = 'race lost; winner agrees; replicating its batch to 1 nodes'

describe('a lost race replicates the winner’s batch', () => {
  let devnet: Devnet | undefined

  beforeAll(async () => {
    devnet = await startDevnet({ executors: 2, storageNodes: 3, storageThreshold: 2 })
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  test('losers send the batch to the node the winning commit does not name; every node ends up with every batch', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    onTestFailed(() =>
      printLogs(
        (devnet?.executors ?? []).map((e) => e.logFile),
        60,
      ),
    )
    const { publicClient: client, mc, deployBlock } = devnet!
    const registered = devnet!.storage.map((n) => n.signer.toLowerCase()).sort()
    const lines = () => devnet!.executors.flatMap((e) => logLines(e.logFile))

    // Rounds of token traffic until some race was lost to an agreeing winner (races are not
    // scheduled: each round is a fresh chance, as in e2e/race.test.ts).
    let replicated: LogLine[] = []
    for (let round = 0; round < 6 && replicated.length === 0; round++) {
      await runTokenDemo(devnet!, { rounds: 1 })
      replicated = lines().filter((l) => l.msg === REPLICATING)
    }
    expect(replicated.length, 'races lost to an agreeing winner').toBeGreaterThan(0)
    for (const line of replicated) {
      const holding = (line.holding as string[]).map((s) => s.toLowerCase())
      const sentTo = (line.replicateTo as string[]).map((s) => s.toLowerCase())
      // k = 2 confirmations recovered to two registered nodes; the third is the one sent to.
      expect(holding).toHaveLength(2)
      expect([...holding, ...sentTo].sort()).toEqual(registered)
    }
    expect(lines().filter((l) => /replicating its batch failed/.test(String(l.msg)))).toEqual([])

    // Every node serves every committed results bundle, intact (fetchBlob re-hashes).
    const { resultsHashes } = await blobsOnChain({ client, mc, fromBlock: deployBlock })
    expect(resultsHashes.length).toBeGreaterThan(0)
    for (const node of devnet!.storage)
      for (const hash of resultsHashes)
        await pollUntil(
          async () => {
            const bytes = await fetchBlob({ url: node.url, hash })
            return keccak256(bytes) === hash ? true : undefined
          },
          { what: `results bundle ${hash} on ${node.signer}`, timeoutMs: 30_000, intervalMs: 250 },
        )
  })
})

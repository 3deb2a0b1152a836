/**
 * Confidential latency (issue 7, D9) on the devnet's 1-second blocks at confirmation depth 0:
 * `count` requests of the measured call, one sent every `paceMs` (a steady load, not a burst,
 * so the figure is latency and not queueing), each timed from just before sending to its
 * decrypted result in the SDK, and counted in blocks from the request's block to its commit's.
 */

import type { Devnet } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { getEncryptionContext, type SecretStore, waitForResult } from '@racetee/sdk'
import type { Hash } from 'viem'
import type { MeasuredCall } from './benchWorkloads.js'
import type { Twins } from './deployTwins.js'
import { commitFacts, sendMeasuredCall } from './sendMeasuredCall.js'

export type LatencySamplesParameters = {
  count: number
  firstIndex: number
  paceMs: number
  secretStore: SecretStore
}

export type LatencySamplesReturnType = { blocks: number[]; ms: number[] }

export async function latencySamples(
  devnet: Devnet,
  twins: Twins,
  call: MeasuredCall,
  parameters: LatencySamplesParameters,
): Promise<LatencySamplesReturnType> {
  const { count, firstIndex, paceMs, secretStore } = parameters
  const { mc, publicClient } = devnet
  const context = await getEncryptionContext(publicClient, { mc, cacheTime: 0 })
  // Sends are serialised (one account, nonces from the pending pool); results are awaited concurrently.
  const finish = async (hash: Hash, started: number) => {
    const result = await waitForResult(publicClient, { mc, hash, secretStore, pollingInterval: 100 })
    const ms = performance.now() - started
    if (result.status !== 'success')
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A latency request did not succeed.', {
        details: `${call.label}: ended ${result.status}`,
      })
    const requestBlock = (await publicClient.getTransactionReceipt({ hash })).blockNumber
    const commit = await commitFacts(devnet, result.commitId)
    return { ms, blocks: Number(commit.blockNumber - requestBlock) }
  }
  const pending: Promise<{ ms: number; blocks: number }>[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const hash = await sendMeasuredCall(devnet, twins, call, firstIndex + i, { secretStore, context })
    const settled = finish(hash, started)
    settled.catch(() => {}) // observed by Promise.all below; no unhandled rejection meanwhile
    pending.push(settled)
    // Pacing of the load generator (one request per paceMs), not a wait for readiness.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + paceMs - performance.now())))
  }
  const samples = await Promise.all(pending)
  return { blocks: samples.map((s) => s.blocks), ms: samples.map((s) => s.ms) }
}

/**
 * The confidential side's gas per call at D9's load (issue 7): `count` (at least 50 in a full
 * run) requests of the measured call sent while the chain mines nothing, so they all land in
 * ONE block; then that block is mined, the executor commits it, and:
 * - `userGasPerCall` is the mean gas of the request transactions (the first of a block pays
 *   the block's checkpoint, the others less: the mean is what D9's figure means);
 * - `commitGasPerCall` is the gas of the commits that carried them over the requests they
 *   carried (normally one commit carrying exactly this block).
 * Every result is waited for and decrypted: a burst whose requests failed reports nothing.
 */

import type { Devnet } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { getEncryptionContext, type SecretStore, waitForResult } from '@racetee/sdk'
import { createTestClient, type Hash, http } from 'viem'
import type { MeasuredCall } from './benchWorkloads.js'
import type { Twins } from './deployTwins.js'
import { commitFacts, sendMeasuredCall } from './sendMeasuredCall.js'

export type RequestBurstParameters = {
  count: number
  /** Index of the first repetition (the measured call's argument counter). */
  firstIndex: number
  /** Seconds per block to restore after the burst's block is mined. */
  blockTime: number
  secretStore: SecretStore
}

export type RequestBurstReturnType = {
  userGasPerCall: number
  commitGasPerCall: number
  requestBlock: bigint
  /** From mining the block to the last decrypted result, over the requests: the executor's time per request. */
  msPerRequest: number
  commits: number
}

export async function requestBurst(
  devnet: Devnet,
  twins: Twins,
  call: MeasuredCall,
  parameters: RequestBurstParameters,
): Promise<RequestBurstReturnType> {
  const { count, firstIndex, blockTime, secretStore } = parameters
  const { mc, publicClient } = devnet
  const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
  const context = await getEncryptionContext(publicClient, { mc, cacheTime: 0 })
  const hashes: Hash[] = []
  let mined = 0
  // Hold the chain: with interval mining off, every request waits in the pool for one block.
  await testClient.setIntervalMining({ interval: 0 })
  try {
    for (let i = 0; i < count; i++)
      hashes.push(await sendMeasuredCall(devnet, twins, call, firstIndex + i, { secretStore, context }))
    await testClient.mine({ blocks: 1 })
    mined = performance.now()
  } finally {
    await testClient.setIntervalMining({ interval: blockTime })
  }

  const receipts = await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })))
  const blocks = new Set(receipts.map((r) => r.blockNumber))
  if (blocks.size !== 1 || receipts.some((r) => r.status !== 'success'))
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The burst did not land in one block.', {
      details: `${call.label}: ${blocks.size} blocks, ${receipts.filter((r) => r.status !== 'success').length} reverted`,
    })
  const results = await Promise.all(
    hashes.map((hash) => waitForResult(publicClient, { mc, hash, secretStore, pollingInterval: 250 })),
  )
  const resultsMs = performance.now() - mined
  const failed = results.filter((r) => r.status !== 'success')
  if (failed.length > 0)
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'Burst requests did not succeed.', {
      details: `${call.label}: ${failed.length} of ${count} ended ${failed[0]?.status}`,
    })
  const commitIds = [...new Set(results.map((r) => r.commitId))]
  const commits = await Promise.all(commitIds.map((id) => commitFacts(devnet, id)))
  const commitGas = commits.reduce((sum, c) => sum + c.gasUsed, 0n)
  const carried = commits.reduce((sum, c) => sum + c.requests, 0n)
  const userGas = receipts.reduce((sum, r) => sum + r.gasUsed, 0n)
  return {
    userGasPerCall: Number(userGas) / count,
    commitGasPerCall: Number(commitGas) / Number(carried),
    requestBlock: receipts[0]!.blockNumber,
    msPerRequest: resultsMs / count,
    commits: commits.length,
  }
}

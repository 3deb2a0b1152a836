/**
 * Sends repetition `i` of a workload's measured call as a confidential request through the
 * SDK (D8 `callProgram`), and the commit behind a result: the helpers the gas and latency
 * phases share.
 */

import type { Devnet } from '@racetee/devnet'
import { managementContractAbi } from '@racetee/protocol'
import { callProgram, type EncryptionContext, type SecretStore } from '@racetee/sdk'
import { getAbiItem, type Hash, type Hex } from 'viem'
import type { MeasuredCall } from './benchWorkloads.js'
import type { Twins } from './deployTwins.js'

export type SendParameters = { secretStore: SecretStore; context: EncryptionContext }

export async function sendMeasuredCall(
  devnet: Devnet,
  twins: Twins,
  call: MeasuredCall,
  i: number,
  parameters: SendParameters,
): Promise<Hash> {
  const ctx = twins.context('confidential')
  const program = typeof call.target === 'string' ? ctx.address(call.target) : call.target(ctx)
  const { hash } = await callProgram(twins.wallet(call.from), {
    mc: devnet.mc,
    program,
    abi: call.abi,
    functionName: call.functionName,
    args: call.args(ctx, i) as never,
    gasLimit: call.gas,
    secretStore: parameters.secretStore,
    publicClient: devnet.publicClient,
    context: parameters.context,
  })
  return hash
}

export type CommitFacts = { blockNumber: bigint; gasUsed: bigint; requests: bigint }

/** The commit with this id: the block it landed in, its gas, and how many requests it carried. */
export async function commitFacts(devnet: Devnet, commitId: Hex): Promise<CommitFacts> {
  const logs = await devnet.publicClient.getLogs({
    address: devnet.mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Committed' }),
    args: { commitId },
    fromBlock: devnet.deployBlock,
  })
  const log = logs.at(-1)
  if (!log?.transactionHash || log.args.fromSeq === undefined || log.args.toSeq === undefined)
    throw new TypeError(`no Committed event for ${commitId}`)
  const receipt = await devnet.publicClient.getTransactionReceipt({ hash: log.transactionHash })
  return {
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    requests: BigInt(log.args.toSeq) - BigInt(log.args.fromSeq) + 1n,
  }
}

/**
 * A sent request's outcome for `deploy` and `call` (D8): `waitForResult` (the covering commit,
 * the results bundle from a storage node, decrypted with the secret kept in the file store),
 * plus where it happened: the request's block, the commit's block and the latency between them.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type SecretStore, type WaitForResultReturnType, waitForResult } from '@racetee/sdk'
import { type Abi, type AbiFunction, getAbiItem, type Hash } from 'viem'
import type { Connection } from './connection.js'

export type Outcome = WaitForResultReturnType<Abi> & {
  requestBlock: bigint
  commitBlock: bigint
  latencyBlocks: bigint
}

const committedEvent = getAbiItem({ abi: managementContractAbi, name: 'Committed' })

export async function awaitOutcome(
  connection: Connection,
  parameters: { hash: Hash; secretStore: SecretStore; fn?: AbiFunction; abi?: Abi; timeoutMs: number },
): Promise<Outcome> {
  const { publicClient, mc } = connection
  // The function alone decodes the return (overloads cannot confuse it); the whole ABI the events.
  const abi = parameters.fn ? [parameters.fn] : parameters.abi
  const result = (await waitForResult(publicClient, {
    mc,
    hash: parameters.hash,
    secretStore: parameters.secretStore,
    timeout: parameters.timeoutMs,
    ...(abi ? { abi } : {}),
    ...(parameters.abi ? { eventAbis: [parameters.abi] } : {}),
    ...(parameters.fn ? { functionName: parameters.fn.name } : {}),
  } as never)) as WaitForResultReturnType<Abi>
  const receipt = await publicClient.getTransactionReceipt({ hash: parameters.hash })
  const [commit] = await publicClient.getLogs({
    address: mc,
    event: committedEvent,
    args: { commitId: result.commitId },
    fromBlock: receipt.blockNumber,
  })
  const commitBlock = commit?.blockNumber ?? receipt.blockNumber
  return {
    ...result,
    requestBlock: receipt.blockNumber,
    commitBlock,
    latencyBlocks: commitBlock - receipt.blockNumber,
  }
}

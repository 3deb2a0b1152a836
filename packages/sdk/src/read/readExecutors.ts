/**
 * The executors a client may send reads to (D7, D8): every enclave the MC's registry knows
 * (`Genesis` and `Registered` events), kept when it is admitted at the current block
 * (`isAdmittedAt`, so neither a revoked nor a vetoed nor a still-pending one) and registered an
 * `endpoint` (`EnclaveInfo.endpoint`, the executor's base URL). Registry order, genesis first.
 * Which executor answers is untrusted: the SDK checks each answer's signature against the
 * enclave address chosen here (`askExecutor`).
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, type Client, getAddress } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import { registeredEnclaves } from './registeredEnclaves.js'

export type ReadExecutor = {
  /** The enclave's signing address: the answer's signature must recover to it. */
  enclave: Address
  /** The executor's base URL, as registered. */
  endpoint: string
}

export type ReadExecutorsParameters = {
  mc: Address
  /** First block to scan for registrations. Default the MC's `deployBlock()`. */
  fromBlock?: bigint
}

export async function readExecutors(
  client: Client,
  parameters: ReadExecutorsParameters,
): Promise<ReadExecutor[]> {
  const mc = getAddress(parameters.mc)
  const fromBlock =
    parameters.fromBlock ??
    BigInt(
      await readContract(client, { address: mc, abi: managementContractAbi, functionName: 'deployBlock' }),
    )
  const head = await getBlockNumber(client, { cacheTime: 0 })
  const registry = await registeredEnclaves(client, { mc, fromBlock, blockNumber: head })
  return registry
    .filter((e) => e.admitted && isHttpUrl(e.endpoint))
    .map(({ enclave, endpoint }) => ({ enclave, endpoint }))
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

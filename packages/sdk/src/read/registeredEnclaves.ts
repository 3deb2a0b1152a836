/**
 * Every enclave the MC's registry knows (D3.1: the `Genesis` and `Registered` events from
 * `fromBlock` to `blockNumber`), in registry order, genesis first, each with its `EnclaveInfo`
 * and whether it is admitted at `blockNumber` (`isAdmittedAt`: neither revoked, nor vetoed, nor
 * still pending). What `readExecutors` (reads, D7) and `readDeploymentStatus` (`racetee
 * status`, D8) both build on. Public data only.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, type Client, getAbiItem, getAddress } from 'viem'
import { getLogs, readContract } from 'viem/actions'

export type RegisteredEnclave = {
  enclave: Address
  operator: Address
  payout: Address
  /** The executor's base URL as registered ('' when none). */
  endpoint: string
  /** Block of revocation, 0 when never revoked. */
  revokedAt: bigint
  admitted: boolean
}

const registeredEvent = getAbiItem({ abi: managementContractAbi, name: 'Registered' })
const genesisEvent = getAbiItem({ abi: managementContractAbi, name: 'Genesis' })

export async function registeredEnclaves(
  client: Client,
  parameters: { mc: Address; fromBlock: bigint; blockNumber: bigint },
): Promise<RegisteredEnclave[]> {
  const { mc, fromBlock, blockNumber } = parameters
  // A range starting past the head has no logs (and some nodes refuse it).
  const logs =
    fromBlock <= blockNumber
      ? await getLogs(client, {
          address: mc,
          events: [genesisEvent, registeredEvent],
          fromBlock,
          toBlock: blockNumber,
        })
      : []
  const seen = new Set<string>()
  const enclaves: Address[] = []
  for (const log of logs) {
    const args = log.args as { enclave?: Address; signer?: Address }
    const enclave = args.enclave ?? args.signer
    if (!enclave || seen.has(enclave.toLowerCase())) continue
    seen.add(enclave.toLowerCase())
    enclaves.push(getAddress(enclave))
  }
  return Promise.all(
    enclaves.map(async (enclave) => {
      const [info, admitted] = await Promise.all([
        readContract(client, {
          address: mc,
          abi: managementContractAbi,
          functionName: 'enclaveInfo',
          args: [enclave],
          blockNumber,
        }),
        readContract(client, {
          address: mc,
          abi: managementContractAbi,
          functionName: 'isAdmittedAt',
          args: [enclave, blockNumber],
          blockNumber,
        }),
      ])
      return {
        enclave,
        operator: info.operator,
        payout: info.payout,
        endpoint: info.endpoint,
        revokedAt: info.revokedAt,
        admitted,
      }
    }),
  )
}

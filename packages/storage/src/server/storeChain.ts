/**
 * What the node asks the chain before it accepts blobs (D6: "nodes read the registry from the
 * chain"): the head, and whether a signer is an enclave admitted at a block, by the MC's own
 * rule (`isAdmittedAt`, D3.3 check 4). Behind an interface so request handling is testable
 * without a chain. RPC failures become STORAGE_UNAVAILABLE: the node cannot decide, not "no".
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Address, PublicClient } from 'viem'

export type StoreChain = {
  blockNumber: () => Promise<bigint>
  isAdmittedAt: (signer: Address, block: bigint) => Promise<boolean>
}

/** `client` should be created with `cacheTime: 0`, or the head lags by viem's polling interval. */
export function mcStoreChain(client: PublicClient, mc: Address): StoreChain {
  return {
    blockNumber: () => rpc('eth_blockNumber', () => client.getBlockNumber({ cacheTime: 0 })),
    isAdmittedAt: (signer, block) =>
      rpc('isAdmittedAt', () =>
        client.readContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'isAdmittedAt',
          args: [signer, block],
        }),
      ),
  }
}

async function rpc<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (cause) {
    throw new RaceteeError(errorCodes.STORAGE_UNAVAILABLE, 'Storage node cannot reach its chain.', {
      details: `${what} failed`,
      cause,
    })
  }
}

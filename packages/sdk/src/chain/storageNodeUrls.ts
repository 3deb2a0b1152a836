/**
 * The base URLs of the storage nodes registered in the MC (D3.1 "Storage registry"), in
 * registry order. A node without a URL is skipped: it could serve nobody.
 */
import { managementContractAbi } from '@racetee/protocol'
import type { Address, Client } from 'viem'
import { readContract } from 'viem/actions'

export async function storageNodeUrls(client: Client, mc: Address): Promise<string[]> {
  const nodes = await readContract(client, {
    address: mc,
    abi: managementContractAbi,
    functionName: 'storageNodes',
  })
  const urls = await Promise.all(
    nodes.map((signer) =>
      readContract(client, {
        address: mc,
        abi: managementContractAbi,
        functionName: 'storageNodeUrl',
        args: [signer],
      }),
    ),
  )
  return urls.filter((url) => url.length > 0)
}

/**
 * Which enclave signed a commit the MC accepted (D3.3 check 4): finds the transaction that
 * emitted `Committed(commitId)`, decodes its `commit` call and recovers the executor signature
 * over the MC's own signing digest, so the chain, not an executor's log, says who won the race.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  type Address,
  decodeFunctionData,
  getAbiItem,
  type Hex,
  type PublicClient,
  recoverAddress,
} from 'viem'

export async function commitSigner(client: PublicClient, mc: Address, commitId: Hex): Promise<Address> {
  const [log] = await client.getLogs({
    address: mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Committed' }),
    args: { commitId },
    fromBlock: 0n,
  })
  if (!log?.transactionHash)
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'No Committed event for the commit.', {
      details: commitId,
    })
  const tx = await client.getTransaction({ hash: log.transactionHash })
  const call = decodeFunctionData({ abi: managementContractAbi, data: tx.input })
  if (call.functionName !== 'commit')
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The transaction is not a commit.', {
      details: `${log.transactionHash}: ${call.functionName}`,
    })
  const [commit, signature] = call.args
  const digest = await client.readContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'commitSigningDigest',
    args: [commit],
  })
  return recoverAddress({ hash: digest, signature })
}

/**
 * Test support: commits a batch's output on the MC (D3.3) with `Availability` confirmations
 * signed by test storage keys instead of storage node processes, as the in-process and
 * enclave-process round tests do. Faults: a reverted commit is CHAIN_CONTRACT_REVERT.
 */
import type { BatchOutput } from '@racetee/enclave'
import { availabilityTypes, errorCodes, RaceteeError, raceteeDomain } from '@racetee/protocol'
import type { Account, Address, Chain, PrivateKeyAccount, PublicClient, Transport, WalletClient } from 'viem'
import { mcChainFacts } from '../chain/mcChainFacts.js'
import { submitCommit } from '../chain/submitCommit.js'

export type CommitWithTestStorageParameters = {
  client: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  chainId: bigint
  mc: Address
  output: BatchOutput
  /** Registered storage node keys whose signatures count towards k. */
  storageKeys: readonly PrivateKeyAccount[]
}

export async function commitWithTestStorage(parameters: CommitWithTestStorageParameters): Promise<void> {
  const { client, wallet, chainId, mc, output, storageKeys } = parameters
  const confirmations = await Promise.all(
    storageKeys.map(async (node) => ({
      signer: node.address,
      signature: await node.signTypedData({
        domain: raceteeDomain(chainId, mc),
        types: availabilityTypes,
        primaryType: 'Availability',
        message: { prevCommit: output.body.prevCommit, blobsRoot: output.body.blobsRoot },
      }),
    })),
  )
  const ringHint = await mcChainFacts(client, mc).ringHint(output.body.toBlock)
  const hash = await submitCommit({ wallet, mc, output, confirmations, ringHint })
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'The commit reverted.', { details: hash })
}

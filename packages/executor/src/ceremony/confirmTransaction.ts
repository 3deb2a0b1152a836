/** Waits for a ceremony transaction's receipt; a revert is CHAIN_CONTRACT_REVERT naming the step. */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Hash, PublicClient, TransactionReceipt } from 'viem'

export async function confirmTransaction(
  publicClient: PublicClient,
  hash: Hash,
  step: string,
): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'A ceremony transaction reverted.', {
      details: `${step}: transaction ${hash}`,
    })
  return receipt
}

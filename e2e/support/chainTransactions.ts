/**
 * Every transaction of a block range with its recipient, named the way `scanChain` names
 * where it found something (`block N tx I …`), so a test can say which findings lie in
 * transactions a user sent in the clear (the demo's public reference token) and which would
 * be leaks (anything touching the management contract).
 */
import type { Address, PublicClient } from 'viem'

export type ChainTransaction = {
  /** `block N tx I`, the prefix of every `scanChain` finding in that transaction. */
  where: string
  /** Lower-case recipient; null for a contract creation. */
  to: Address | null
}

export async function chainTransactions(parameters: {
  client: PublicClient
  fromBlock: bigint
  toBlock: bigint
}): Promise<ChainTransaction[]> {
  const { client, fromBlock, toBlock } = parameters
  if (fromBlock < 0n || toBlock < fromBlock) throw new RangeError('fromBlock..toBlock must be a range')
  const transactions: ChainTransaction[] = []
  for (let blockNumber = fromBlock; blockNumber <= toBlock; blockNumber++) {
    const block = await client.getBlock({ blockNumber, includeTransactions: true })
    for (const tx of block.transactions)
      transactions.push({
        where: `block ${blockNumber} tx ${tx.transactionIndex}`,
        to: tx.to ? (tx.to.toLowerCase() as Address) : null,
      })
  }
  return transactions
}

/** The transaction a `scanChain` finding lies in (`block N tx I`). */
export function transactionOf(finding: { where: string }): string {
  const match = /^block \d+ tx \d+(?= )/.exec(finding.where)
  if (!match) throw new TypeError(`finding.where is not a chain location: ${finding.where}`)
  return match[0]
}

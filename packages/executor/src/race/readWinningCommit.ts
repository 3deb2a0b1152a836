/**
 * Finds the commit that won the range we worked on (D7 "adopt the winner's commit"): the MC
 * accepts one commit per `prevCommit` (D3.3 check 1), so the winner is the accepted commit
 * whose body chains from our `prevCommit`. The chain keeps only its id in the `Committed`
 * event; the body, beneficiary, signature and storage confirmations are in the calldata of
 * the transaction that emitted it (`parseCommitCalldata`). Untrusted input like any RPC answer: the caller only
 * compares it, and the MC re-checks the signatures of anything we submit from it.
 */

import type { Commit } from '@racetee/protocol'
import { managementContractAbi, parseCommitCalldata } from '@racetee/protocol'
import { type Address, getAbiItem, type Hex, type PublicClient } from 'viem'

export type WinningCommit = {
  commitId: Hex
  commit: Commit
  /** The enclave's signature over `Commit {body, beneficiary}`. */
  signature: Hex
  /** The storage nodes' `Availability` signatures the MC accepted with it (D3.3 check 5). */
  storageSignatures: Hex[]
  transactionHash: Hex
  blockNumber: bigint
}

/**
 * The accepted commit chaining from `prevCommit`, searched from `fromBlock` (our body's
 * `fromBlock`: any commit for that range, and the one before it, landed after it). Undefined
 * when none is found or its transaction is not a direct `commit` call (a contract wallet
 * calling the MC, say): then there is nothing we can compare.
 */
export async function readWinningCommit(
  client: PublicClient,
  mc: Address,
  our: { prevCommit: Hex; fromBlock: bigint },
): Promise<WinningCommit | undefined> {
  const logs = await client.getLogs({
    address: mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Committed' }),
    fromBlock: our.fromBlock,
    toBlock: 'latest',
  })
  // The commit that follows ours in the chain is the first accepted after `prevCommit`'s own.
  const prevAt = logs.findIndex((l) => l.args.commitId?.toLowerCase() === our.prevCommit.toLowerCase())
  for (const log of logs.slice(prevAt + 1)) {
    if (!log.transactionHash || log.args.commitId === undefined) continue
    const tx = await client.getTransaction({ hash: log.transactionHash })
    const parsed = parseCommitCalldata(tx.input)
    if (!parsed || parsed.commit.body.prevCommit.toLowerCase() !== our.prevCommit.toLowerCase()) continue
    return {
      commitId: log.args.commitId,
      commit: parsed.commit,
      signature: parsed.executorSignature,
      storageSignatures: parsed.storageSignatures,
      transactionHash: log.transactionHash,
      blockNumber: log.blockNumber,
    }
  }
  return undefined
}

/**
 * The seq of an account's own last committed request (D7: the SDK "rejects an answer older than
 * the caller's own last committed request"): the highest `Request` seq with `caller = account`
 * that the MC's last commit covers. A read answered from an older commit could miss that
 * request's effects (the caller's own transfer, say), so `askExecutor` refuses it as stale.
 * Requests not yet committed do not count: no answer can include them (reads see committed
 * state only), and waiting for them is `waitForResult`'s job.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, type Client, getAbiItem, getAddress } from 'viem'
import { getLogs, readContract } from 'viem/actions'

export type LastCommittedSeqParameters = {
  mc: Address
  account: Address
  /** First block to scan. Default the MC's `deployBlock()`. */
  fromBlock?: bigint
}

const requestEvent = getAbiItem({ abi: managementContractAbi, name: 'Request' })

/** 0 when the account has no committed request. */
export async function lastCommittedSeq(
  client: Client,
  parameters: LastCommittedSeqParameters,
): Promise<bigint> {
  const mc = getAddress(parameters.mc)
  const [last, deployBlock] = await Promise.all([
    readContract(client, { address: mc, abi: managementContractAbi, functionName: 'lastCommit' }),
    parameters.fromBlock ??
      readContract(client, { address: mc, abi: managementContractAbi, functionName: 'deployBlock' }).then(
        BigInt,
      ),
  ])
  if (last.toSeq === 0n) return 0n
  const logs = await getLogs(client, {
    address: mc,
    event: requestEvent,
    args: { caller: getAddress(parameters.account) },
    fromBlock: BigInt(deployBlock),
    toBlock: BigInt(last.toBlock),
  })
  let seq = 0n
  for (const log of logs) {
    const s = log.args.seq
    if (s !== undefined && s <= last.toSeq && s > seq) seq = s
  }
  return seq
}

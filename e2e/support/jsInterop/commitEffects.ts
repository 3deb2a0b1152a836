/**
 * Test support (issue 4, D3.3): what one commit did to a set of programs, as the chain tells
 * it. From the commit's `Committed` event: the seq range it covers and its block; from the
 * `commit` transaction's body: the programs it updated and those it only read; from the MC's
 * `digestOf` at the block before and the block of the commit: each program's digest on both
 * sides. On an automining devnet every transaction has its own block, so the two reads bracket
 * exactly this commit.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, decodeFunctionData, getAbiItem, type Hex, type PublicClient } from 'viem'

export type CommitEffects = {
  fromSeq: bigint
  toSeq: bigint
  blockNumber: bigint
  /** Lower-case addresses of `body.updates`, in the body's (canonical) order. */
  updated: Address[]
  /** Lower-case addresses of `body.reads`. */
  read: Address[]
  /** `digestOf(program)` before and after the commit, in the order of `programs`. */
  digests: { program: Address; before: Hex; after: Hex }[]
}

const committedEvent = getAbiItem({ abi: managementContractAbi, name: 'Committed' })

export async function commitEffects(
  client: PublicClient,
  parameters: { mc: Address; commitId: Hex; fromBlock: bigint; programs: readonly Address[] },
): Promise<CommitEffects> {
  const { mc, commitId, fromBlock, programs } = parameters
  const logs = await client.getLogs({
    address: mc,
    event: committedEvent,
    args: { commitId },
    fromBlock,
    toBlock: 'latest',
    strict: true,
  })
  const [log, ...others] = logs
  if (log === undefined || others.length > 0)
    throw new RangeError(`commitId ${commitId} has ${logs.length} Committed events since block ${fromBlock}`)
  const tx = await client.getTransaction({ hash: log.transactionHash })
  const call = decodeFunctionData({ abi: managementContractAbi, data: tx.input })
  if (call.functionName !== 'commit') throw new TypeError(`Committed by a ${call.functionName} call`)
  const { body } = call.args[0]
  const digestAt = (program: Address, blockNumber: bigint) =>
    client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'digestOf',
      args: [program],
      blockNumber,
    })
  const lower = (address: Address) => address.toLowerCase() as Address
  return {
    fromSeq: log.args.fromSeq,
    toSeq: log.args.toSeq,
    blockNumber: log.blockNumber,
    updated: body.updates.map((u) => lower(u.program)),
    read: body.reads.map((r) => lower(r.program)),
    digests: await Promise.all(
      programs.map(async (program) => ({
        program,
        before: await digestAt(program, log.blockNumber - 1n),
        after: await digestAt(program, log.blockNumber),
      })),
    ),
  }
}

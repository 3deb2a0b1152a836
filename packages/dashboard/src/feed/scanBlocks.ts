/**
 * Reads a range of blocks the way anyone can (D8 dashboard, D3): each block with its
 * transactions, the MC's logs, and every mined `commit` call to the MC with its receipt's
 * status, so accepted commits and reverted ones (lost races, D3.3 `StaleCommit`) both show.
 * A read failure rejects the whole range, which the feed then retries: a block is never
 * half-shown.
 */
import { managementContractAbi, type RaceteeDomain } from '@racetee/protocol'
import { type Address, getAbiItem, type PublicClient, toFunctionSelector } from 'viem'
import { decodeCommitCall } from './decodeCommitCall.js'
import { decodeMcLogs } from './decodeMcLogs.js'
import type { ChainScan } from './FeedState.js'
import { safeNumber } from './snapshotTypes.js'

const commitSelector = toFunctionSelector(getAbiItem({ abi: managementContractAbi, name: 'commit' }))

export async function scanBlocks(parameters: {
  client: PublicClient
  mc: Address
  domain: RaceteeDomain
  fromBlock: bigint
  toBlock: bigint
}): Promise<ChainScan> {
  const { client, mc, domain, fromBlock, toBlock } = parameters
  if (toBlock < fromBlock) throw new RangeError('toBlock is before fromBlock')
  const numbers = Array.from({ length: Number(toBlock - fromBlock) + 1 }, (_, i) => fromBlock + BigInt(i))
  const [blocks, logs] = await Promise.all([
    Promise.all(numbers.map((blockNumber) => client.getBlock({ blockNumber, includeTransactions: true }))),
    client.getLogs({ address: mc, fromBlock, toBlock }),
  ])
  const scan: ChainScan = { blocks: [], logs: decodeMcLogs(logs), commitCalls: [] }
  for (const block of blocks) {
    const number = safeNumber(block.number, 'block')
    const toMc = block.transactions.filter((tx) => tx.to?.toLowerCase() === mc.toLowerCase())
    scan.blocks.push({
      number,
      time: safeNumber(block.timestamp, 'timestamp'),
      txCount: block.transactions.length,
      mcTxCount: toMc.length,
    })
    for (const tx of toMc) {
      if (!tx.input.startsWith(commitSelector)) continue
      const call = await decodeCommitCall(domain, tx.input)
      if (!call) continue
      const receipt = await client.getTransactionReceipt({ hash: tx.hash })
      scan.commitCalls.push({
        transactionHash: tx.hash,
        block: number,
        sender: tx.from,
        reverted: receipt.status !== 'success',
        call,
      })
    }
  }
  return scan
}

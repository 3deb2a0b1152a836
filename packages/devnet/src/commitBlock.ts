/** The block in which a commit landed, from its `Committed` event: a result's latency is this minus the request's block. */
import { managementContractAbi } from '@racetee/protocol'
import { type Hex, parseEventLogs } from 'viem'
import type { Devnet } from './startDevnet.js'

export async function commitBlock(devnet: Devnet, commitId: Hex): Promise<bigint> {
  const logs = await devnet.publicClient.getLogs({
    address: devnet.mc,
    event: managementContractAbi.find((e) => e.type === 'event' && e.name === 'Committed') as never,
    args: { commitId } as never,
    fromBlock: devnet.deployBlock,
  })
  const [log] = parseEventLogs({ abi: managementContractAbi, logs, eventName: 'Committed' })
  if (!log) throw new TypeError(`no Committed event for ${commitId}`)
  return log.blockNumber
}

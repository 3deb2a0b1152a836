/**
 * A dishonest host's view of the chain (issue 6; D2: the host "may lie, drop, replay, reorder";
 * D2.1: the enclave trusts no chain fact it has not verified): rewrites an `eth_getLogs` answer
 * so that the MC's `Request` logs it carries are one fewer (`drop`), one more naming a victim as
 * caller (`invent`), or two with their seqs swapped (`reorder`). Everything else in the answer is
 * left as it is. The enclave must refuse the batch it is fed (the accumulator over it does not
 * equal the proven checkpoint), so such a host produces nothing.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, getAbiItem, type Hex, isAddressEqual, numberToHex, pad, toEventSelector } from 'viem'

export type RequestLogLie = 'drop' | 'invent' | 'reorder'

/** The JSON-RPC shape of a log, as eth_getLogs answers. */
export type RpcLog = { address: Address; topics: Hex[]; data: Hex; logIndex?: Hex; [field: string]: unknown }

const requestTopic = toEventSelector(getAbiItem({ abi: managementContractAbi, name: 'Request' }))

/** The rewritten logs, or `logs` itself when it holds no Request log of `mc` to lie about. */
export function rewriteRequestLogs(
  logs: readonly RpcLog[],
  parameters: { mc: Address; lie: RequestLogLie; victim: Address },
): readonly RpcLog[] {
  const { mc, lie, victim } = parameters
  const requests = logs.filter((l) => isAddressEqual(l.address, mc) && l.topics[0] === requestTopic)
  if (requests.length === 0) return logs
  if (lie === 'drop' || (lie === 'reorder' && requests.length < 2))
    return logs.filter((l) => l !== requests[0])
  if (lie === 'invent') {
    const model = requests.at(-1)!
    const seq = BigInt(model.topics[1]!) + 1n
    const invented: RpcLog = {
      ...model,
      topics: [
        requestTopic,
        pad(numberToHex(seq), { size: 32 }),
        model.topics[2]!,
        pad(victim, { size: 32 }),
      ],
    }
    return [...logs, invented]
  }
  const [a, b] = [requests[0]!, requests[1]!]
  return logs.map((l) => {
    if (l === a) return { ...a, topics: [a.topics[0]!, b.topics[1]!, ...a.topics.slice(2)] }
    if (l === b) return { ...b, topics: [b.topics[0]!, a.topics[1]!, ...b.topics.slice(2)] }
    return l
  })
}

import { managementContractAbi } from '@racetee/protocol'
import { type Address, encodeEventTopics, type Hex, parseEventLogs, zeroAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { type RpcLog, rewriteRequestLogs } from './rewriteRequestLogs.js'

const mc: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const program: Address = '0x1111111111111111111111111111111111111111'
const alice: Address = '0x2222222222222222222222222222222222222222'
const victim: Address = '0x3333333333333333333333333333333333333333'

function requestLog(seq: bigint, logIndex: number): RpcLog {
  const topics = encodeEventTopics({
    abi: managementContractAbi,
    eventName: 'Request',
    args: { seq, program, caller: alice },
  }) as Hex[]
  return {
    address: mc,
    topics,
    data: `0x${'00'.repeat(32 * 4)}`,
    logIndex: `0x${logIndex.toString(16)}`,
    blockNumber: '0x10',
    blockHash: `0x${'ab'.repeat(32)}`,
    transactionHash: `0x${logIndex.toString(16).padStart(64, '0')}`,
    transactionIndex: '0x0',
    removed: false,
  }
}

/** seq and caller of each Request log, decoded as the executor host decodes them. */
function decoded(logs: readonly RpcLog[]) {
  return logs.map((l) => {
    const [log] = parseEventLogs({ abi: managementContractAbi, logs: [l as never], eventName: 'Request' })
    return log ? { seq: log.args.seq, caller: log.args.caller } : 'other'
  })
}

const other: RpcLog = { address: zeroAddress, topics: [`0x${'11'.repeat(32)}`], data: '0x' }
const logs = [requestLog(4n, 0), other, requestLog(5n, 2), requestLog(6n, 3)]

describe('rewriteRequestLogs', () => {
  test('drop leaves out the first Request log and nothing else', () => {
    expect(decoded(rewriteRequestLogs(logs, { mc, lie: 'drop', victim }))).toEqual([
      'other',
      { seq: 5n, caller: alice },
      { seq: 6n, caller: alice },
    ])
  })

  test('behavior: invent appends a request by the victim after the last seq', () => {
    expect(decoded(rewriteRequestLogs(logs, { mc, lie: 'invent', victim })).at(-1)).toEqual({
      seq: 7n,
      caller: victim,
    })
  })

  test('behavior: reorder swaps the seqs of the first two Request logs', () => {
    expect(decoded(rewriteRequestLogs(logs, { mc, lie: 'reorder', victim }))).toEqual([
      { seq: 5n, caller: alice },
      'other',
      { seq: 4n, caller: alice },
      { seq: 6n, caller: alice },
    ])
    // With a single Request log there is nothing to swap: it is dropped instead.
    expect(rewriteRequestLogs([requestLog(4n, 0)], { mc, lie: 'reorder', victim })).toEqual([])
  })

  test('behavior: an answer without Request logs of the MC is returned as is', () => {
    const foreign = [{ ...requestLog(4n, 0), address: program }, other]
    expect(rewriteRequestLogs(foreign, { mc, lie: 'drop', victim })).toBe(foreign)
  })

  test('behavior: an empty answer comes back unchanged', () => {
    const empty: RpcLog[] = []
    expect(rewriteRequestLogs(empty, { mc, lie: 'invent', victim })).toBe(empty)
  })
})

import { managementContractAbi } from '@racetee/protocol'
import {
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  getAbiItem,
  type Hex,
  type Log,
  numberToHex,
  pad,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { decodeMcLogs, requestKindName } from './decodeMcLogs.js'

type McEvent = 'Request' | 'Rotated' | 'Committed' | 'RolledBack'

const mc: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const program: Address = '0x1111111111111111111111111111111111111111'
const caller: Address = '0x2222222222222222222222222222222222222222'
const hash = (n: number): Hex => pad(numberToHex(n), { size: 32 })

/** A log as an RPC returns it: indexed arguments in topics, the rest ABI-encoded in data. */
function mcLog(eventName: McEvent, args: Record<string, unknown>, block: bigint, index = 0): Log {
  const item = getAbiItem({ abi: managementContractAbi, name: eventName }) as {
    inputs: readonly { name: string; type: string; indexed?: boolean; components?: unknown }[]
  }
  const topics = encodeEventTopics({ abi: managementContractAbi, eventName, args: args as never })
  const plain = item.inputs.filter((i) => !i.indexed)
  return {
    address: mc,
    topics: topics as [Hex, ...Hex[]],
    data: encodeAbiParameters(plain as never, plain.map((i) => args[i.name]) as never),
    blockNumber: block,
    blockHash: hash(Number(block)),
    transactionHash: hash(1000 + Number(block) * 10 + index),
    transactionIndex: index,
    logIndex: index,
    removed: false,
  }
}

const payload = `0x${'ab'.repeat(177)}` as Hex

describe('decodeMcLogs', () => {
  test('requests keep their ciphertext size, commits their range and hashes', () => {
    const decoded = decodeMcLogs([
      mcLog('Request', { seq: 7n, program, caller, kind: 1, epoch: 0n, gasLimit: 200_000n, payload }, 12n),
      mcLog(
        'Committed',
        { commitId: hash(9), fromSeq: 5n, toSeq: 7n, resultsHash: hash(10), blobsRoot: hash(11) },
        13n,
      ),
    ])
    expect(decoded.requests).toEqual([
      {
        seq: 7,
        kind: 'call',
        program,
        block: 12,
        transactionHash: hash(1120),
        ciphertextBytes: 177,
      },
    ])
    expect(decoded.committed).toEqual([
      {
        commitId: hash(9),
        fromSeq: 5,
        toSeq: 7,
        resultsHash: hash(10),
        blobsRoot: hash(11),
        block: 13,
        transactionHash: hash(1130),
      },
    ])
    expect(decoded.rolledBack).toEqual([])
  })

  test('behavior: no payload byte reaches the output, only its length', () => {
    const decoded = decodeMcLogs([
      mcLog('Request', { seq: 1n, program, caller, kind: 2, epoch: 3n, gasLimit: 1n, payload }, 2n),
    ])
    expect(JSON.stringify(decoded)).not.toContain('abab')
    expect(decoded.requests[0]).toMatchObject({ kind: 'deploy', ciphertextBytes: 177 })
  })

  test('behavior: a rotation takes a seq with no program and no size; a rollback names both commits', () => {
    const decoded = decodeMcLogs([
      mcLog(
        'Rotated',
        {
          seq: 4n,
          epoch: 1n,
          requestPublicKey: hash(5),
          registryVersion: 2n,
          signer: caller,
          grants: [{ enclave: caller, sealedSecret: '0x0102' }],
        },
        20n,
      ),
      mcLog('RolledBack', { rolledBack: hash(1), restoredCommitId: hash(2) }, 21n),
    ])
    expect(decoded.requests).toEqual([
      {
        seq: 4,
        kind: 'rotate',
        program: null,
        block: 20,
        transactionHash: hash(1200),
        ciphertextBytes: null,
      },
    ])
    expect(decoded.rolledBack).toEqual([{ rolledBack: hash(1), restored: hash(2) }])
  })

  test('behavior: other MC events and foreign logs are skipped', () => {
    const foreign: Log = { ...mcLog('RolledBack', { rolledBack: hash(1), restoredCommitId: hash(2) }, 3n) }
    foreign.topics = [hash(77), hash(1), hash(2)]
    expect(decodeMcLogs([foreign])).toEqual({ requests: [], committed: [], rolledBack: [] })
  })

  test('behavior: an unknown kind number is named unknown', () => {
    expect(requestKindName(1)).toBe('call')
    expect(requestKindName(4)).toBe('rotate')
    expect(requestKindName(99)).toBe('unknown')
  })

  test('error: a seq beyond 2^53 is refused rather than shown wrong', () => {
    expect(() =>
      decodeMcLogs([
        mcLog('Request', { seq: 2n ** 60n, program, caller, kind: 1, epoch: 0n, gasLimit: 1n, payload }, 2n),
      ]),
    ).toThrow(RangeError)
  })
})

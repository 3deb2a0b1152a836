import { errorCodes, isRaceteeError, managementContractAbi } from '@racetee/protocol'
import {
  type Address,
  createClient,
  custom,
  encodeAbiParameters,
  encodeEventTopics,
  type Hex,
  numberToHex,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { commitRolledBack, waitForCommit } from './waitForCommit.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
const word = (b: string) => `0x${b.repeat(32)}` as Hex

type FakeLog = { block: bigint; topics: Hex[]; data: Hex }

function committed(block: bigint, id: Hex, fromSeq: bigint, toSeq: bigint): FakeLog {
  return {
    block,
    topics: encodeEventTopics({
      abi: managementContractAbi,
      eventName: 'Committed',
      args: { commitId: id },
    }) as Hex[],
    data: encodeAbiParameters(
      [{ type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [fromSeq, toSeq, word('a0'), word('b0')],
    ),
  }
}

function rolledBack(block: bigint, id: Hex, restored: Hex): FakeLog {
  return {
    block,
    topics: encodeEventTopics({
      abi: managementContractAbi,
      eventName: 'RolledBack',
      args: { rolledBack: id, restoredCommitId: restored },
    }) as Hex[],
    data: '0x',
  }
}

/** A node whose head is `head()` and whose logs are `logs` (filtered by block range and topics). */
function fakeChain(logs: FakeLog[], head: () => bigint) {
  return createClient({
    transport: custom({
      async request({ method, params }: { method: string; params: unknown }) {
        if (method === 'eth_blockNumber') return numberToHex(head())
        if (method !== 'eth_getLogs') throw new TypeError(`unexpected ${method}`)
        const [filter] = params as [{ fromBlock: Hex; toBlock?: string; topics: (Hex | Hex[] | null)[] }]
        const from = BigInt(filter.fromBlock)
        const to = filter.toBlock && filter.toBlock !== 'latest' ? BigInt(filter.toBlock) : head()
        const matches = (log: FakeLog) =>
          filter.topics.every(
            (t, i) => t === null || (Array.isArray(t) ? t.includes(log.topics[i]!) : t === log.topics[i]),
          )
        return logs
          .filter((l) => l.block >= from && l.block <= to && matches(l))
          .map((l, i) => ({
            address: mc,
            blockNumber: numberToHex(l.block),
            blockHash: word('bb'),
            transactionHash: word('cc'),
            transactionIndex: '0x0',
            logIndex: numberToHex(i),
            removed: false,
            topics: l.topics,
            data: l.data,
          }))
      },
    }),
  })
}

const wait = (client: ReturnType<typeof fakeChain>, deadline = Date.now() + 2_000) =>
  waitForCommit(client, { mc, seq: 5n, fromBlock: 1n, confirmations: 1, pollingInterval: 10, deadline })

describe('waitForCommit', () => {
  it('returns the commit whose seq range covers the request', async () => {
    const client = fakeChain([committed(3n, word('01'), 1n, 4n), committed(4n, word('02'), 5n, 6n)], () => 5n)
    expect(await wait(client)).toMatchObject({
      commitId: word('02'),
      fromSeq: 5n,
      toSeq: 6n,
      blockNumber: 4n,
    })
  })

  it('behavior: passes over a rolled-back commit for the one that replaced it', async () => {
    const client = fakeChain(
      [
        committed(3n, word('0f'), 5n, 6n),
        rolledBack(4n, word('0f'), word('01')),
        committed(6n, word('02'), 5n, 7n),
      ],
      () => 7n,
    )
    expect(await wait(client)).toMatchObject({ commitId: word('02'), blockNumber: 6n })
  })

  it('behavior: an identical re-commit (same id) after a rollback counts again', async () => {
    const client = fakeChain(
      [
        committed(3n, word('0e'), 5n, 6n),
        rolledBack(4n, word('0e'), word('01')),
        committed(6n, word('0e'), 5n, 6n),
      ],
      () => 7n,
    )
    expect(await wait(client)).toMatchObject({ commitId: word('0e'), blockNumber: 6n })
  })

  it('behavior: keeps waiting while the only covering commit was rolled back, and finds its replacement', async () => {
    const logs = [committed(3n, word('0f'), 5n, 6n), rolledBack(4n, word('0f'), word('01'))]
    let head = 5n
    const client = fakeChain(logs, () => head)
    const found = wait(client)
    await new Promise((resolve) => setTimeout(resolve, 50))
    logs.push(committed(6n, word('03'), 5n, 9n))
    head = 6n
    expect(await found).toMatchObject({ commitId: word('03') })
  })

  it('error: SDK_TIMEOUT when no standing commit covers the request by the deadline', async () => {
    const client = fakeChain(
      [committed(3n, word('0f'), 5n, 6n), rolledBack(4n, word('0f'), word('01'))],
      () => 5n,
    )
    const err = await wait(client, Date.now() + 100).catch((e: unknown) => e)
    expect(isRaceteeError(err, errorCodes.SDK_TIMEOUT)).toBe(true)
  })
})

describe('commitRolledBack', () => {
  it('tells whether a RolledBack event names the commit at or after its block', async () => {
    const client = fakeChain(
      [committed(3n, word('0f'), 5n, 6n), rolledBack(4n, word('0f'), word('01'))],
      () => 5n,
    )
    expect(await commitRolledBack(client, { mc, commit: { commitId: word('0f'), blockNumber: 3n } })).toBe(
      true,
    )
    expect(await commitRolledBack(client, { mc, commit: { commitId: word('02'), blockNumber: 3n } })).toBe(
      false,
    )
  })
})

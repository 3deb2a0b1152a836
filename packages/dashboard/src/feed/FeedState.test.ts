import type { CommitBody } from '@racetee/protocol'
import { type Address, type Hex, numberToHex, pad } from 'viem'
import { describe, expect, test } from 'vitest'
import { type ChainScan, FeedState } from './FeedState.js'

const h = (n: number): Hex => pad(numberToHex(n), { size: 32 })
const a = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`
const executors = [
  { healthUrl: 'http://127.0.0.1:1', enclave: a(0xe0), account: a(0xa0) },
  { healthUrl: 'http://127.0.0.1:2', enclave: a(0xe1), account: a(0xa1) },
]
const storage = [
  { url: 'http://127.0.0.1:3', signer: a(0x50) },
  { url: 'http://127.0.0.1:4', signer: a(0x51) },
]
const state = () => new FeedState({ mc: a(0x3c), simulation: true, executors, storage })

function body(prevCommit: Hex, fromBlock: number, toBlock: number, toSeq: number): CommitBody {
  return {
    prevCommit,
    fromBlock: BigInt(fromBlock),
    toBlock: BigInt(toBlock),
    toSeq: BigInt(toSeq),
    accAfter: h(0xacc),
    epoch: 0n,
    reads: [],
    updates: [],
    created: [],
    resultsHash: h(0x7e),
    blobsRoot: h(0xb0),
  }
}

/** Blocks `from..to` one second apart, with whatever the test puts in them. */
function scan(
  from: number,
  to: number,
  extra: { logs?: Partial<ChainScan['logs']>; commitCalls?: ChainScan['commitCalls'] } = {},
): ChainScan {
  const blocks = Array.from({ length: to - from + 1 }, (_, i) => ({
    number: from + i,
    time: 1_000 + (from + i) * 2,
    txCount: 1,
    mcTxCount: 1,
  }))
  return {
    blocks,
    logs: { requests: [], committed: [], rolledBack: [], ...extra.logs },
    commitCalls: extra.commitCalls ?? [],
  }
}

const request = (seq: number, block: number) => ({
  seq,
  kind: 'call' as const,
  program: a(0x77),
  block,
  transactionHash: h(500 + seq),
  ciphertextBytes: 177,
})

/** Commit `id` chaining from `prev`, landed at `block` by executor `by`, with both nodes' confirmations. */
function won(id: number, prev: Hex, block: number, seqs: [number, number], by: 0 | 1) {
  return {
    committed: {
      commitId: h(id),
      fromSeq: seqs[0],
      toSeq: seqs[1],
      resultsHash: h(0x7e),
      blobsRoot: h(0xb0),
      block,
      transactionHash: h(900 + id),
    },
    call: {
      transactionHash: h(900 + id),
      block,
      sender: executors[by]!.account,
      reverted: false,
      call: {
        body: body(prev, block - 2, block - 1, seqs[1]),
        beneficiary: executors[by]!.account,
        signer: executors[by]!.enclave,
        storageSigners: storage.map((s) => s.signer),
      },
    },
  }
}

function reverted(prev: Hex, block: number, by: 0 | 1) {
  return {
    transactionHash: h(800 + block),
    block,
    sender: executors[by]!.account,
    reverted: true,
    call: {
      body: body(prev, block - 2, block - 1, 0),
      beneficiary: executors[by]!.account,
      signer: executors[by]!.enclave,
      storageSigners: [],
    },
  }
}

describe('FeedState', () => {
  test('a commit shows its winner, its storage confirmations and each request latency', () => {
    const s = state()
    s.setChain({ chainId: 31337, storageThreshold: 2 })
    const c = won(1, h(0), 12, [1, 2], 0)
    s.applyScan(
      scan(10, 12, {
        logs: { requests: [request(1, 10), request(2, 11)], committed: [c.committed] },
        commitCalls: [c.call],
      }),
    )
    const snap = s.snapshot(42)
    expect(snap).toMatchObject({
      simulation: true,
      chainId: 31337,
      storageThreshold: 2,
      head: 12,
      updatedAt: 42,
    })
    expect(snap.blocks.map((b) => b.number)).toEqual([12, 11, 10])
    expect(snap.commits).toHaveLength(1)
    expect(snap.commits[0]).toMatchObject({
      commitId: h(1),
      prevCommit: h(0),
      fromBlock: 10,
      toBlock: 11,
      fromSeq: 1,
      toSeq: 2,
      winner: { enclave: executors[0]!.enclave, beneficiary: executors[0]!.account, executor: 0 },
      losers: [],
      confirmations: [
        { signer: storage[0]!.signer, node: 0 },
        { signer: storage[1]!.signer, node: 1 },
      ],
    })
    expect(snap.requests.map((r) => [r.seq, r.latencyBlocks, r.latencySeconds, r.commitId])).toEqual([
      [2, 1, 2, h(1)],
      [1, 2, 4, h(1)],
    ])
    expect(snap.executors.map((e) => e.wins)).toEqual([1, 0])
    expect(snap.storage.map((n) => n.confirmations)).toEqual([1, 1])
    expect(snap.pendingRequests).toBe(0)
  })

  test('behavior: a reverted commit for the same prevCommit, in this scan or a later one, is a loser', () => {
    const s = state()
    const c = won(1, h(0), 12, [1, 1], 0)
    s.applyScan(
      scan(10, 12, {
        logs: { requests: [request(1, 10)], committed: [c.committed] },
        commitCalls: [c.call, reverted(h(0), 12, 1)],
      }),
    )
    expect(s.snapshot().commits[0]!.losers).toEqual([
      {
        enclave: executors[1]!.enclave,
        account: executors[1]!.account,
        executor: 1,
        evidence: 'reverted-commit',
        transactionHash: h(812),
      },
    ])
    // Next race: the loser's revert is scanned in the block after the winner.
    const d = won(2, h(1), 14, [2, 2], 1)
    s.applyScan(scan(13, 14, { logs: { committed: [d.committed] }, commitCalls: [d.call] }))
    s.applyScan(scan(15, 15, { commitCalls: [reverted(h(1), 15, 0)] }))
    expect(s.snapshot().commits[0]!.losers.map((l) => [l.executor, l.evidence])).toEqual([
      [0, 'reverted-commit'],
    ])
  })

  test('behavior: a revert scanned before its winner waits for it; the winner re-sending its own commit is no race', () => {
    const s = state()
    s.applyScan(scan(10, 10, { commitCalls: [reverted(h(0), 10, 1)] }))
    const c = won(1, h(0), 11, [1, 1], 0)
    s.applyScan(
      scan(11, 11, { logs: { committed: [c.committed] }, commitCalls: [c.call, reverted(h(0), 11, 0)] }),
    )
    expect(s.snapshot().commits[0]!.losers.map((l) => l.executor)).toEqual([1])
  })

  test('behavior: no loser evidence leaves a commit uncontested, requests without a commit pending', () => {
    const s = state()
    const c = won(1, h(0), 12, [1, 1], 0)
    s.applyScan(
      scan(10, 12, {
        logs: { requests: [request(1, 10), request(2, 12)], committed: [c.committed] },
        commitCalls: [c.call],
      }),
    )
    const snap = s.snapshot()
    expect(snap.commits[0]!.losers).toEqual([])
    expect(snap.pendingRequests).toBe(1)
    expect(snap.requests[0]).not.toHaveProperty('commitId')
  })

  test('behavior: a rise of races_lost_total after a commit lands names that executor a loser', () => {
    const s = state()
    const metrics = (racesLost: number) => ({ rounds: 1, commits: 0, racesLost, roundFailures: 0 })
    s.applyExecutorHealth(1, { status: 'ok', simulation: true, headBlock: '9' }, metrics(5)) // baseline
    const c = won(1, h(0), 12, [1, 1], 0)
    s.applyScan(scan(10, 12, { logs: { committed: [c.committed] }, commitCalls: [c.call] }))
    s.applyExecutorHealth(1, { status: 'ok', simulation: true, headBlock: '12' }, metrics(6))
    const snap = s.snapshot()
    expect(snap.commits[0]!.losers).toEqual([
      {
        enclave: executors[1]!.enclave,
        account: executors[1]!.account,
        executor: 1,
        evidence: 'health-counter',
      },
    ])
    expect(snap.executors[1]).toMatchObject({ status: 'ok', simulation: true, headBlock: 12, racesLost: 6 })
    // Its reverted commit, scanned later, replaces the weaker evidence rather than adding a row.
    s.applyScan(scan(13, 13, { commitCalls: [reverted(h(0), 13, 1)] }))
    expect(s.snapshot().commits[0]!.losers.map((l) => l.evidence)).toEqual(['reverted-commit'])
  })

  const metrics = (racesLost: number) => ({ rounds: 1, commits: 0, racesLost, roundFailures: 0 })
  /** Executor 1 polled with no loss yet, then executor 0 wins commits 1 (block 14) and 2 (block 16). */
  const twoCommitsAfterABaseline = () => {
    const s = state()
    s.applyScan(scan(10, 12))
    s.applyExecutorHealth(1, { status: 'ok' }, metrics(0))
    const c = won(1, h(0), 14, [1, 1], 0)
    const d = won(2, h(1), 16, [2, 2], 0)
    s.applyScan(
      scan(13, 16, { logs: { committed: [c.committed, d.committed] }, commitCalls: [c.call, d.call] }),
    )
    return s
  }

  test('behavior: a counted loss goes to the oldest commit since the previous poll, not the newest', () => {
    const s = twoCommitsAfterABaseline()
    s.applyExecutorHealth(1, { status: 'ok' }, metrics(1))
    expect(s.snapshot().commits.map((x) => [x.block, x.losers.map((l) => l.executor)])).toEqual([
      [16, []],
      [14, [1]],
    ])
  })

  test('behavior: a race its /health names by winning commit is placed there exactly; its counter is not used', () => {
    const s = twoCommitsAfterABaseline()
    // It lost the race of the newer commit; the counter alone would have guessed the older one.
    const report = { status: 'ok', racesLost: [{ winner: h(2), toSeq: '2', verdict: 'agrees' }] }
    s.applyExecutorHealth(1, report, metrics(1))
    s.applyExecutorHealth(1, report, metrics(1)) // listed again at the next poll: still one row
    expect(s.snapshot().commits.map((x) => [x.block, x.losers.map((l) => [l.executor, l.evidence])])).toEqual(
      [
        [16, [[1, 'health-report']]],
        [14, []],
      ],
    )
    // A reverted commit of the same executor is the stronger witness and replaces it.
    s.applyScan(scan(17, 17, { commitCalls: [reverted(h(1), 17, 1)] }))
    expect(s.snapshot().commits[0]!.losers.map((l) => l.evidence)).toEqual(['reverted-commit'])
  })

  test('behavior: the first counter answer is a baseline; losses before the dashboard are not placed', () => {
    const s = state()
    const c = won(1, h(0), 12, [1, 1], 0)
    s.applyScan(scan(10, 12, { logs: { committed: [c.committed] }, commitCalls: [c.call] }))
    s.applyExecutorHealth(1, { status: 'ok' }, { rounds: 9, commits: 0, racesLost: 9, roundFailures: 0 })
    expect(s.snapshot().commits[0]!.losers).toEqual([])
  })

  test('behavior: services that do not answer are unreachable; storage health fills blobs and bytes', () => {
    const s = state()
    s.applyExecutorHealth(0, undefined, undefined)
    s.applyStorageHealth(0, { status: 'ok', blobs: 3, bytes: 1024, signer: storage[0]!.signer })
    s.applyStorageHealth(1, undefined)
    const snap = s.snapshot()
    expect(snap.executors[0]).toMatchObject({ status: 'unreachable', simulation: null, racesLost: null })
    expect(snap.storage.map((n) => [n.status, n.blobs, n.bytes])).toEqual([
      ['ok', 3, 1024],
      ['unreachable', null, null],
    ])
  })

  test('behavior: a RolledBack event marks its commit', () => {
    const s = state()
    const c = won(1, h(0), 12, [1, 1], 0)
    s.applyScan(scan(10, 12, { logs: { committed: [c.committed] }, commitCalls: [c.call] }))
    s.applyScan(scan(13, 13, { logs: { rolledBack: [{ rolledBack: h(1), restored: h(0) }] } }))
    expect(s.snapshot().commits[0]!.rolledBack).toBe(true)
  })

  test('behavior: the snapshot is a copy the caller cannot use to change the state', () => {
    const s = state()
    s.applyScan(scan(10, 10, { logs: { requests: [request(1, 10)] } }))
    s.snapshot().requests[0]!.seq = 99
    expect(s.snapshot().requests[0]!.seq).toBe(1)
  })

  test('error: an unknown executor or storage index is a RangeError', () => {
    const s = state()
    expect(() => s.applyExecutorHealth(2, undefined, undefined)).toThrow(RangeError)
    expect(() => s.applyStorageHealth(-1, undefined)).toThrow(RangeError)
  })
})

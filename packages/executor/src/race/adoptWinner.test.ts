import type { BatchOutput } from '@racetee/enclave'
import {
  availabilitySigningHash,
  type CommitBody,
  commitId,
  commitSigningHash,
  managementContractAbi,
  raceteeDomain,
} from '@racetee/protocol'
import {
  type Address,
  ContractFunctionRevertedError,
  encodeErrorResult,
  encodeFunctionData,
  type Hex,
  keccak256,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount, sign } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { recordingLogger } from '../membership/test/recordingLogger.js'
import type { ReplicateParameters, StorageNetwork } from '../storage/storageNetwork.js'
import { type AdoptWinnerContext, adoptWinner, NO_ROLLBACK } from './adoptWinner.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
const chainId = 31337
const domain = raceteeDomain(chainId, mc)
const word = (b: string) => `0x${b.repeat(32)}` as Hex
const ourKey = word('a1')
const theirKey = word('b2')
const ours: Address = '0x00000000000000000000000000000000000000e1'
const theirs: Address = '0x00000000000000000000000000000000000000E2'
/** The storage nodes whose confirmations the winner's commit carries. */
const nodeKeys = [word('d1'), word('d2')]
const ourBlobs = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]

const body: CommitBody = {
  prevCommit: word('01'),
  fromBlock: 10n,
  toBlock: 12n,
  toSeq: 7n,
  accAfter: word('02'),
  epoch: 0n,
  reads: [],
  updates: [
    { program: '0x00000000000000000000000000000000000000A1', prevDigest: word('03'), newDigest: word('04') },
  ],
  created: [],
  resultsHash: word('05'),
  blobsRoot: word('06'),
}

async function signed(b: CommitBody, beneficiary: Address, key: Hex) {
  const commit = { body: b, beneficiary }
  return {
    commit,
    signature: await sign({ hash: commitSigningHash(domain, commit), privateKey: key, to: 'hex' }),
  }
}

async function ownOutput(b: CommitBody = body): Promise<BatchOutput> {
  const { signature } = await signed(b, ours, ourKey)
  return {
    body: b,
    commitId: commitId(domain, b),
    signature,
    beneficiary: ours,
    blobs: ourBlobs.map((bytes) => ({ hash: keccak256(bytes), bytes })),
    resultsBundle: new Uint8Array(),
    storeAuthorization: word('5a'),
  }
}

/**
 * A chain holding our prevCommit's event and then the winner's, whose transaction calls
 * `commit` (or `input` when given) with two storage nodes' confirmations; a storage network
 * (unless `noStorage`); records the challenge and replicate calls made.
 */
async function world(parameters: {
  winner: CommitBody
  input?: Hex
  failLogs?: boolean
  refuseChallenge?: boolean
  noCheckpoint?: boolean
  noStorage?: boolean
  failReplicate?: boolean
}) {
  const { logger, records } = recordingLogger()
  const won = await signed(parameters.winner, theirs, theirKey)
  const winnerId = commitId(domain, parameters.winner)
  const input =
    parameters.input ??
    encodeFunctionData({
      abi: managementContractAbi,
      functionName: 'commit',
      args: [won.commit, won.signature, await storageSignatures(parameters.winner), 0n],
    })
  const calls: { simulate: unknown[]; write: unknown[]; replicate: ReplicateParameters[] } = {
    simulate: [],
    write: [],
    replicate: [],
  }
  const client = {
    async getLogs() {
      if (parameters.failLogs) throw new TypeError('HTTP request failed')
      return [
        { args: { commitId: body.prevCommit }, transactionHash: word('70'), blockNumber: 11n },
        { args: { commitId: winnerId }, transactionHash: word('71'), blockNumber: 13n },
      ]
    },
    async getTransaction({ hash }: { hash: Hex }) {
      return { hash, input }
    },
    async getChainId() {
      return chainId
    },
    async simulateContract(request: { args: unknown[] }) {
      calls.simulate.push(request.args)
      if (parameters.refuseChallenge)
        throw new ContractFunctionRevertedError({
          abi: managementContractAbi,
          data: encodeErrorResult({ abi: managementContractAbi, errorName: 'NotConflicting' }),
          functionName: 'challenge',
        })
      return {}
    },
    async waitForTransactionReceipt() {
      return { status: 'success' }
    },
  } as unknown as PublicClient
  const wallet = {
    account: privateKeyToAccount(word('c3')),
    chain: undefined,
    async writeContract(request: { functionName: string; args: unknown[] }) {
      calls.write.push([request.functionName, request.args])
      return word('99')
    },
  } as unknown as AdoptWinnerContext['wallet']
  const ringHint = async (block: bigint) => {
    if (parameters.noCheckpoint) throw new TypeError('no checkpoint')
    return block === body.fromBlock - 1n ? 3n : 99n
  }
  const storage: Pick<StorageNetwork, 'replicate'> = {
    async replicate(request) {
      calls.replicate.push(request)
      if (parameters.failReplicate) throw new TypeError('fetch failed')
      return ['0x00000000000000000000000000000000000000F3']
    },
  }
  const ctx: AdoptWinnerContext = { client, wallet, mc, logger, ringHint }
  if (!parameters.noStorage) ctx.storage = storage
  return { ctx, records, calls, won, winnerId }
}

function storageSignatures(b: CommitBody): Promise<Hex[]> {
  const hash = availabilitySigningHash(domain, { prevCommit: b.prevCommit, blobsRoot: b.blobsRoot })
  return Promise.all(nodeKeys.map((privateKey) => sign({ hash, privateKey, to: 'hex' })))
}

describe('adoptWinner', () => {
  it('finds the winner agrees (beneficiary aside), challenges nothing and replicates our batch past its nodes', async () => {
    const w = await world({ winner: body })
    const own = await ownOutput()
    expect(await adoptWinner(w.ctx, own)).toEqual({ kind: 'agrees', winner: w.winnerId })
    const holding = nodeKeys.map((k) => privateKeyToAccount(k).address)
    expect(w.calls).toEqual({
      simulate: [],
      write: [],
      replicate: [
        {
          authorization: {
            prevCommit: body.prevCommit,
            blobsRoot: body.blobsRoot,
            toBlock: body.toBlock,
            signature: own.storeAuthorization,
          },
          blobs: ourBlobs,
          except: holding,
        },
      ],
    })
    expect(w.records.map((r) => [r.level, r.msg])).toEqual([
      [30, 'race lost; winner agrees'],
      [30, 'race lost; winner agrees; replicating its batch to 1 nodes'],
    ])
    const ids = { ownCommit: own.commitId, winnerCommit: w.winnerId }
    expect(w.records[0]).toMatchObject({ ...ids, beneficiary: theirs })
    expect(w.records[1]).toMatchObject({
      ...ids,
      holding,
      replicateTo: ['0x00000000000000000000000000000000000000F3'],
    })
  })

  it('behavior: without a storage network an agreeing winner is only noted', async () => {
    const w = await world({ winner: body, noStorage: true })
    expect(await adoptWinner(w.ctx, await ownOutput())).toEqual({ kind: 'agrees', winner: w.winnerId })
    expect(w.records.map((r) => r.msg)).toEqual(['race lost; winner agrees'])
  })

  it('behavior: a divergent body in the same range is challenged with both signed commits, loudly', async () => {
    const divergent = { ...body, resultsHash: word('ee') }
    const w = await world({ winner: divergent })
    const own = await ownOutput()
    expect(await adoptWinner(w.ctx, own)).toEqual({
      kind: 'diverges',
      winner: w.winnerId,
      challengeTx: word('99'),
    })
    const args = [{ body, beneficiary: ours }, own.signature, w.won.commit, w.won.signature, 3n]
    expect(w.calls.simulate).toEqual([args])
    expect(w.calls.write).toEqual([['challenge', args]])
    expect(w.calls.replicate).toEqual([])
    const loud = w.records.find((r) => r.msg === 'race lost; WINNER DIVERGES from our commit: challenging')
    expect(loud).toMatchObject({
      level: 50,
      ownCommit: own.commitId,
      winnerCommit: w.winnerId,
      winnerSigner: privateKeyToAccount(theirKey).address,
      fields: ['resultsHash'],
    })
    expect(w.records.at(-1)?.msg).toBe('challenge submitted; commits are frozen until governance acts')
  })

  it('behavior: a winner over another range is only noted at debug level', async () => {
    const w = await world({ winner: { ...body, toBlock: 14n, toSeq: 9n } })
    expect(await adoptWinner(w.ctx, await ownOutput())).toEqual({ kind: 'otherRange', winner: w.winnerId })
    expect(w.records.map((r) => [r.level, r.msg])).toEqual([
      [20, 'race lost; the winner covers another range'],
    ])
    expect(w.calls.write).toEqual([])
    expect(w.calls.replicate).toEqual([])
  })

  it('behavior: without a checkpoint before the range the challenge only freezes (NO_ROLLBACK)', async () => {
    const w = await world({ winner: { ...body, resultsHash: word('ed') }, noCheckpoint: true })
    expect(await adoptWinner(w.ctx, await ownOutput())).toMatchObject({
      kind: 'diverges',
      challengeTx: word('99'),
    })
    expect(w.calls.write).toEqual([
      [
        'challenge',
        [expect.anything(), expect.anything(), expect.anything(), expect.anything(), NO_ROLLBACK],
      ],
    ])
    expect(w.records.map((r) => r.msg)).toContain(
      'no checkpoint before the disputed range: the challenge freezes without rolling back',
    )
  })

  it('behavior: a challenge the MC refuses in simulation is logged with its revert and not sent', async () => {
    const w = await world({ winner: { ...body, blobsRoot: word('ef') }, refuseChallenge: true })
    expect(await adoptWinner(w.ctx, await ownOutput())).toMatchObject({ kind: 'diverges', challengeTx: null })
    expect(w.records.at(-1)).toMatchObject({ msg: 'challenge refused by the MC', revert: 'NotConflicting' })
    expect(w.calls.write).toEqual([])
  })

  it('behavior: a winner not sent as a direct commit call cannot be compared', async () => {
    const w = await world({ winner: body, input: '0xdeadbeef' })
    expect(await adoptWinner(w.ctx, await ownOutput())).toEqual({ kind: 'unknown' })
    expect(w.records.map((r) => r.msg)).toEqual(['race lost; the winning commit could not be read'])
    expect(w.calls.replicate).toEqual([])
  })

  it('error: a failed replication is logged and the winner still agrees (a lost race is no failure)', async () => {
    const w = await world({ winner: body, failReplicate: true })
    expect(await adoptWinner(w.ctx, await ownOutput())).toEqual({ kind: 'agrees', winner: w.winnerId })
    expect(w.calls.replicate).toHaveLength(1)
    expect(w.records.map((r) => [r.level, r.msg])).toEqual([
      [30, 'race lost; winner agrees'],
      [40, 'race lost; winner agrees; replicating its batch failed'],
    ])
    expect(w.records[1]).toMatchObject({ ownCommit: expect.any(String), code: 'TypeError' })
  })

  it('error: an RPC failure is reported as unknown and logged, never thrown (a lost race is no failure)', async () => {
    const w = await world({ winner: body, failLogs: true })
    expect(await adoptWinner(w.ctx, await ownOutput())).toEqual({ kind: 'unknown' })
    expect(w.records).toEqual([
      expect.objectContaining({ msg: 'race lost; adopting the winner failed', code: 'TypeError' }),
    ])
  })
})

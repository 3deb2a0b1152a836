/**
 * `challenge` undoing the last accepted commit (D3.3, issue 6: "the challenge freezes commits,
 * governance revokes the faulty enclave and unfreezes, an honest executor commits the range";
 * ARCHITECTURE decision 49). The disputed commit's digests, created programs and checkpoint
 * are restored from the body the challenge carries and the ring, so the same range can be
 * committed again; fees already paid are not paid twice.
 */
import type { Commit, CommitBody } from '@racetee/protocol'
import { type Hex, keccak256, maxUint256, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedBody, lastCommit, ringHintFor, signCommit, submitCommit } from './support/commits.js'
import { createProgram, mine, replayAccumulator, sendRequest } from './support/requests.js'
import {
  expectRevert,
  mcAbi,
  mined,
  read,
  send,
  startTestChain,
  type TestChain,
} from './support/testChain.js'

let t: TestChain
let program: Hex

const digest = (label: string) => keccak256(toHex(label))
const NO_ROLLBACK = maxUint256

beforeAll(async () => {
  t = await startTestChain()
  program = await createProgram(t, t.wallet(t.accounts.user), digest('rollback program'))
})
afterAll(async () => {
  await t?.stop()
})

/** A commit and its signature by the genesis enclave. */
async function signed(body: CommitBody, beneficiary: Hex = t.accounts.host.address) {
  const commit: Commit = { body, beneficiary }
  return { commit, signature: await signCommit(t, commit, t.accounts.enclave) }
}

/** Requests in the next block, then one more block so a commit can cover them. */
async function someRequests(n = 2) {
  for (let i = 0; i < n; i++) await mined(t, sendRequest(t, t.wallet(t.accounts.user), program))
  await mine(t)
}

function challenge(
  a: Awaited<ReturnType<typeof signed>>,
  b: Awaited<ReturnType<typeof signed>>,
  hint: bigint,
) {
  return t.wallet(t.accounts.user).writeContract({
    address: t.mc,
    abi: mcAbi,
    functionName: 'challenge',
    args: [a.commit, a.signature, b.commit, b.signature, hint],
  })
}

const unfreeze = () => send(t, t.wallet(t.accounts.governance), 'unfreeze', [])

describe('ManagementContract.challenge rolling back the last commit (D3.3)', () => {
  it('undoes digests, created programs and the checkpoint; the range is committed again', async () => {
    await someRequests()
    const before = await lastCommit(t)
    const countBefore = await read<bigint>(t, 'programCount')
    const digestBefore = await read<Hex>(t, 'digestOf', [program])
    const created = `0x${'c1'.repeat(20)}` as Hex
    const faulty = await expectedBody(t)
    faulty.updates = [{ program, prevDigest: digestBefore, newDigest: digest('a wrong state') }]
    faulty.created = [{ program: created, creator: program, digest: digest('a wrong child') }]
    const faultyBeneficiary = t.accounts.user2.address
    const paidBefore = await t.publicClient.getBalance({ address: faultyBeneficiary })
    await mined(t, submitCommit(t, faulty, { beneficiary: faultyBeneficiary }))
    const fees = (await t.publicClient.getBalance({ address: faultyBeneficiary })) - paidBefore
    expect(fees).toBeGreaterThan(0n)
    expect(await read<boolean>(t, 'isProgram', [created])).toBe(true)

    const honest = { ...faulty, updates: [{ ...faulty.updates[0]!, newDigest: digest('the right state') }] }
    honest.created = []
    const receipt = await mined(
      t,
      challenge(
        await signed(faulty, faultyBeneficiary),
        await signed(honest),
        await ringHintFor(t, faulty.fromBlock - 1n),
      ),
    )
    const [rolled] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'RolledBack' })
    const faultyId = await read<Hex>(t, 'commitId', [faulty])
    expect(rolled?.args).toEqual({ rolledBack: faultyId, restoredCommitId: before.commitId })
    expect(await lastCommit(t)).toEqual({ ...before, feeCum: before.feeCum + fees, frozen: true })
    expect(await read<Hex>(t, 'digestOf', [program])).toBe(digestBefore)
    expect(await read<boolean>(t, 'isProgram', [created])).toBe(false)
    expect(await read<Hex>(t, 'digestOf', [created])).toBe(`0x${'00'.repeat(32)}`)
    expect(await read<bigint>(t, 'programCount')).toBe(countBefore)

    await expectRevert(submitCommit(t, honest), 'Frozen')
    await unfreeze()
    // The same range again, from the restored last commit; its fees were paid once already.
    const host = t.accounts.host.address
    const hostBefore = await t.publicClient.getBalance({ address: host })
    const again = await mined(t, submitCommit(t, honest, { beneficiary: host }))
    const gasCost = again.gasUsed * again.effectiveGasPrice
    expect(await t.publicClient.getBalance({ address: host })).toBe(hostBefore - gasCost)
    const [committed] = parseEventLogs({ abi: mcAbi, logs: again.logs, eventName: 'Committed' })
    expect(committed?.args.fromSeq).toBe(before.toSeq + 1n)
    expect(await read<Hex>(t, 'digestOf', [program])).toBe(digest('the right state'))
  })

  it('behavior: the checkpoint before the range comes from the ring once requests followed', async () => {
    await someRequests()
    const before = await lastCommit(t)
    const faulty = await expectedBody(t)
    await mined(t, submitCommit(t, faulty))
    // Requests after the disputed range move the live values past it: the ring holds the checkpoint.
    await someRequests(1)
    const honest = { ...faulty, resultsHash: digest('honest results') }
    const hint = await ringHintFor(t, faulty.fromBlock - 1n)
    const [a, b] = [await signed(faulty), await signed(honest)]
    await expectRevert(challenge(a, b, (hint + 1n) % t.config.ringSize), 'NoCheckpoint')
    await mined(t, challenge(a, b, hint))
    expect(await lastCommit(t)).toMatchObject({
      commitId: before.commitId,
      toSeq: before.toSeq,
      acc: before.acc,
    })
    await unfreeze()
    // The honest executor re-commits up to the live block, in one commit.
    const all = await expectedBody(t)
    expect(all.fromBlock).toBe(faulty.fromBlock)
    await mined(t, submitCommit(t, all))
    expect((await lastCommit(t)).toSeq).toBe((await replayAccumulator(t)).at(-1)!.seq)
  })

  it('behavior: NO_ROLLBACK only freezes, and a later challenge of the same pair rolls back', async () => {
    await someRequests()
    const before = await lastCommit(t)
    const faulty = await expectedBody(t)
    await mined(t, submitCommit(t, faulty))
    const [a, b] = [await signed(faulty), await signed({ ...faulty, resultsHash: digest('other') })]
    const frozenOnly = await mined(t, challenge(a, b, NO_ROLLBACK))
    expect(parseEventLogs({ abi: mcAbi, logs: frozenOnly.logs, eventName: 'RolledBack' })).toEqual([])
    expect(await lastCommit(t)).toMatchObject({
      commitId: await read<Hex>(t, 'commitId', [faulty]),
      frozen: true,
    })
    await mined(t, challenge(a, b, await ringHintFor(t, faulty.fromBlock - 1n)))
    expect((await lastCommit(t)).commitId).toBe(before.commitId)
    await unfreeze()
    await mined(t, submitCommit(t, await expectedBody(t)))
  })

  it('behavior: a challenge of a pair that is not the last commit freezes without rolling back', async () => {
    await someRequests()
    const pending = await expectedBody(t)
    const [a, b] = [await signed(pending), await signed({ ...pending, resultsHash: digest('other pending') })]
    const before = await lastCommit(t)
    const receipt = await mined(t, challenge(a, b, 0n))
    expect(parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'RolledBack' })).toEqual([])
    expect(await lastCommit(t)).toEqual({ ...before, frozen: true })
    await unfreeze()
    await mined(t, submitCommit(t, pending))
  })
})

import { accumulate, accumulatorEntryHash, type CommitBody } from '@racetee/protocol'
import { type Hex, keccak256, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  expectedBody,
  lastCommit,
  ringHintFor,
  signCommit,
  storageSignatures,
  submitCommit,
} from './support/commits.js'
import { admitEnclave, registerEnclave } from './support/enclaves.js'
import { createProgram, inOneBlock, mine, replayAccumulator, sendRequest } from './support/requests.js'
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
let p1: Hex
let p2: Hex

const digest = (label: string) => keccak256(toHex(label))
const sortHex = (a: Hex, b: Hex) => (BigInt(a) < BigInt(b) ? -1 : 1)

beforeAll(async () => {
  t = await startTestChain()
  const user = t.wallet(t.accounts.user)
  const [a, b] = [
    await createProgram(t, user, digest('p1')),
    await createProgram(t, user, digest('p2')),
  ].sort(sortHex)
  p1 = a!
  p2 = b!
})
afterAll(async () => {
  await t?.stop()
})

/** Requests in three blocks, the last holding three requests; returns the blocks. */
async function requestsInBlocks(): Promise<bigint[]> {
  const user = t.wallet(t.accounts.user)
  const blocks: bigint[] = []
  blocks.push((await mined(t, sendRequest(t, user, p1))).blockNumber)
  await mine(t)
  blocks.push((await mined(t, sendRequest(t, user, p2))).blockNumber)
  blocks.push(
    await inOneBlock(t, async () => {
      for (let i = 0; i < 3; i++) await sendRequest(t, user, p1, { gas: 300_000n, payload: toHex(`m${i}`) })
    }),
  )
  await mine(t)
  return blocks
}

describe('ManagementContract.commit (D3.3, P6)', () => {
  it('accepts the valid commit: stores digests, registers created programs, pays the fees', async () => {
    await requestsInBlocks()
    const body = await expectedBody(t)
    const created = `0x${'c0'.repeat(20)}` as Hex
    body.updates = [{ program: p1, prevDigest: `0x${'00'.repeat(32)}`, newDigest: digest('p1 v1') }]
    body.created = [{ program: created, creator: p1, digest: digest('created v1') }]
    const entries = await replayAccumulator(t)
    const fees = entries.reduce((s, e) => s + e.fee, 0n)
    const beneficiary = t.accounts.user2.address
    const before = await t.publicClient.getBalance({ address: beneficiary })
    const receipt = await mined(t, submitCommit(t, body, { beneficiary }))
    expect(await t.publicClient.getBalance({ address: beneficiary })).toBe(before + fees)
    expect(await read<Hex>(t, 'digestOf', [p1])).toBe(digest('p1 v1'))
    expect(await read<boolean>(t, 'isProgram', [created])).toBe(true)
    expect(await read<Hex>(t, 'digestOf', [created])).toBe(digest('created v1'))
    const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'Committed' })
    const last = await lastCommit(t)
    expect(log?.args).toEqual({
      commitId: last.commitId,
      fromSeq: 1n,
      toSeq: body.toSeq,
      resultsHash: body.resultsHash,
      blobsRoot: body.blobsRoot,
    })
    expect(last.commitId).toBe(await read<Hex>(t, 'commitId', [body]))
    expect(last).toMatchObject({ toBlock: body.toBlock, toSeq: body.toSeq, acc: body.accAfter, feeCum: fees })
  })

  it('behavior: a commit over blocks without requests uses the last values', async () => {
    await mine(t, 2)
    await mined(t, submitCommit(t, await expectedBody(t)))
  })

  it('error: a second commit for the same range reverts StaleCommit', async () => {
    await requestsInBlocks()
    const body = await expectedBody(t)
    const other = { ...body, resultsHash: digest('another executor') }
    await mined(t, submitCommit(t, body))
    await expectRevert(submitCommit(t, other), 'StaleCommit')
  })

  describe('rejects batches that are not what the chain ordered', () => {
    let blocks: bigint[]
    let valid: CommitBody

    beforeAll(async () => {
      blocks = await requestsInBlocks()
      valid = await expectedBody(t)
    })

    it('error: an invented request (accAfter over one more entry) reverts CheckpointMismatch', async () => {
      const entries = await replayAccumulator(t)
      const lastEntry = entries.at(-1)!
      const invented = { ...lastEntry, seq: lastEntry.seq + 1n, caller: t.accounts.user2.address }
      const body = { ...valid, toSeq: invented.seq, accAfter: accumulate(valid.accAfter, invented) }
      await expectRevert(submitCommit(t, body), 'CheckpointMismatch')
    })

    it('error: a dropped request (toSeq short) reverts CheckpointMismatch', async () => {
      const entries = await replayAccumulator(t)
      const prev = entries.at(-2)!
      await expectRevert(
        submitCommit(t, { ...valid, toSeq: prev.seq, accAfter: prev.accAfter }),
        'CheckpointMismatch',
      )
    })

    it('error: reordered requests (same count, other acc) revert CheckpointMismatch', async () => {
      const entries = await replayAccumulator(t)
      const [a, b] = [entries.at(-2)!, entries.at(-1)!]
      const before = entries.at(-3)!.accAfter
      const swapped = accumulate(
        accumulate(before, accumulatorEntryHash({ ...b, seq: a.seq })),
        accumulatorEntryHash({ ...a, seq: b.seq }),
      )
      await expectRevert(submitCommit(t, { ...valid, accAfter: swapped }), 'CheckpointMismatch')
    })

    it('error: a commit ending inside a block reverts CheckpointMismatch', async () => {
      const entries = await replayAccumulator(t)
      const mid = entries.filter((e) => e.blockNumber === blocks[2])[1]!
      const body = { ...valid, toBlock: blocks[2]!, toSeq: mid.seq, accAfter: mid.accAfter }
      await expectRevert(submitCommit(t, body), 'CheckpointMismatch')
    })

    it("error: skipping a block's requests reverts CheckpointMismatch", async () => {
      const entries = await replayAccumulator(t)
      const before = entries.filter((e) => e.blockNumber < blocks[1]!).at(-1)!
      const body = { ...valid, toBlock: blocks[1]!, toSeq: before.seq, accAfter: before.accAfter }
      await expectRevert(submitCommit(t, body), 'CheckpointMismatch')
    })

    it('error: a ring hint that does not cover toBlock reverts NoCheckpoint', async () => {
      const body = await expectedBody(t, blocks[1]!)
      const hint = await ringHintFor(t, blocks[1]!)
      await expectRevert(submitCommit(t, body, { ringHint: hint + 1n }), 'NoCheckpoint')
      await expectRevert(submitCommit(t, body, { ringHint: t.config.ringSize }), 'NoCheckpoint')
    })

    it('error: a stale read digest reverts StaleDigest', async () => {
      await expectRevert(
        submitCommit(t, { ...valid, reads: [{ program: p1, digest: digest('old') }] }),
        'StaleDigest',
      )
    })

    it('error: a stale update prevDigest reverts StaleDigest', async () => {
      const updates = [{ program: p2, prevDigest: digest('old'), newDigest: digest('new') }]
      await expectRevert(submitCommit(t, { ...valid, updates }), 'StaleDigest')
    })

    it('error: unsorted or duplicate lists revert UnsortedPrograms', async () => {
      const d1 = await read<Hex>(t, 'digestOf', [p1])
      const d2 = await read<Hex>(t, 'digestOf', [p2])
      const reads = [
        { program: p2, digest: d2 },
        { program: p1, digest: d1 },
      ]
      await expectRevert(submitCommit(t, { ...valid, reads }), 'UnsortedPrograms')
      const dup = [
        { program: p1, digest: d1 },
        { program: p1, digest: d1 },
      ]
      await expectRevert(submitCommit(t, { ...valid, reads: dup }), 'UnsortedPrograms')
    })

    it('error: reading an unregistered program reverts UnknownProgram; creating a registered one ProgramExists', async () => {
      const reads = [{ program: t.accounts.user.address, digest: `0x${'00'.repeat(32)}` as Hex }]
      await expectRevert(submitCommit(t, { ...valid, reads }), 'UnknownProgram')
      const created = [{ program: p1, creator: p2, digest: digest('x') }]
      await expectRevert(submitCommit(t, { ...valid, created }), 'ProgramExists')
    })

    it('error: a signer that is not an admitted enclave reverts SignerNotAdmitted', async () => {
      await expectRevert(submitCommit(t, valid, { signer: t.accounts.user }), 'SignerNotAdmitted')
    })

    it('error: fewer than k storage signatures revert NotEnoughStorageSignatures', async () => {
      const one = await storageSignatures(t, valid, t.accounts.storage.slice(0, 1))
      await expectRevert(submitCommit(t, valid, { storage: one }), 'NotEnoughStorageSignatures')
    })

    it('error: a duplicate storage signer reverts StorageSignersNotAscending', async () => {
      const [sig] = await storageSignatures(t, valid, t.accounts.storage.slice(0, 1))
      await expectRevert(submitCommit(t, valid, { storage: [sig!, sig!] }), 'StorageSignersNotAscending')
    })

    it('error: an unregistered storage signer reverts NotStorageNode', async () => {
      const sigs = await storageSignatures(t, valid, [t.accounts.storage[0]!, t.accounts.storage[2]!])
      await expectRevert(submitCommit(t, valid, { storage: sigs }), 'NotStorageNode')
    })

    it('error: toBlock not in the past reverts ToBlockNotPast; a gap reverts WrongFromBlock', async () => {
      const next = (await t.publicClient.getBlockNumber()) + 1n
      await expectRevert(submitCommit(t, { ...valid, toBlock: next }), 'ToBlockNotPast')
      await expectRevert(submitCommit(t, { ...valid, fromBlock: valid.fromBlock + 1n }), 'WrongFromBlock')
    })

    it('behavior: after all that, the valid commit still wins', async () => {
      await mined(t, submitCommit(t, valid))
    })
  })

  describe('signer admission at toBlock (D3.3 check 4)', () => {
    it('error: an enclave whose admission is still delayed, or that is revoked, cannot sign', async () => {
      const newcomer = t.accounts.enclave2
      await registerEnclave(t, newcomer)
      const admitted = await admitEnclave(t, newcomer)
      const info = await read<{ admittedFrom: bigint }>(t, 'enclaveInfo', [newcomer.address])
      expect(info.admittedFrom).toBe(admitted.blockNumber + t.config.admissionDelay)
      // A batch ending before admittedFrom: the newcomer was not admitted at toBlock.
      await mined(t, sendRequest(t, t.wallet(t.accounts.user), p1))
      const early = await expectedBody(t)
      expect(early.toBlock).toBeLessThan(info.admittedFrom)
      await expectRevert(submitCommit(t, early, { signer: newcomer }), 'SignerNotAdmitted')
      // Once the delay passed, a batch ending at or after admittedFrom is accepted.
      await mine(t, Number(t.config.admissionDelay))
      await mined(t, submitCommit(t, await expectedBody(t), { signer: newcomer }))
      // Revoked from its block on.
      await send(t, t.wallet(t.accounts.governance), 'revoke', [newcomer.address])
      await mine(t)
      await expectRevert(submitCommit(t, await expectedBody(t), { signer: newcomer }), 'SignerNotAdmitted')
    })
  })

  describe('challenge (D3.3)', () => {
    it('freezes commits on two different signed bodies for one range, slashes, and governance unfreezes', async () => {
      await mined(t, sendRequest(t, t.wallet(t.accounts.user), p1))
      await mine(t)
      const a = await expectedBody(t)
      const b = { ...a, resultsHash: digest('divergent') }
      const ca = { body: a, beneficiary: t.accounts.host.address }
      const cb = { body: b, beneficiary: t.accounts.host.address }
      const sigA = await signCommit(t, ca, t.accounts.enclave)
      const sigB = await signCommit(t, cb, t.accounts.enclave)
      await expectRevert(
        t.wallet(t.accounts.user).writeContract({
          address: t.mc,
          abi: mcAbi,
          functionName: 'challenge',
          args: [ca, sigA, ca, sigA, 0n],
        }),
        'NotConflicting',
      )
      const receipt = await send(t, t.wallet(t.accounts.user), 'challenge', [ca, sigA, cb, sigB, 0n])
      const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'Challenged' })
      expect(log?.args.slashed).toBe(t.config.minBond)
      expect(await read<bigint>(t, 'slashedPool')).toBe(t.config.minBond)
      expect((await lastCommit(t)).frozen).toBe(true)
      await expectRevert(submitCommit(t, a), 'Frozen')
      await expectRevert(
        t.wallet(t.accounts.user).writeContract({ address: t.mc, abi: mcAbi, functionName: 'unfreeze' }),
        'NotGovernance',
      )
      await send(t, t.wallet(t.accounts.governance), 'unfreeze', [])
      await mined(t, submitCommit(t, a))
    })
  })
})

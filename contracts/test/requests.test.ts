import { keccak256, parseEventLogs, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProgram,
  feeFor,
  inOneBlock,
  mine,
  replayAccumulator,
  sendRequest,
  transferEnvelope,
} from './support/requests.js'
import { expectRevert, mcAbi, read, startTestChain, type TestChain } from './support/testChain.js'

type Live = { block: number; seq: bigint; acc: `0x${string}`; feeCum: bigint; countInBlock: number }
type Ring = { block: number; seq: bigint; acc: `0x${string}`; feeCum: bigint; nextBlock: number }

let t: TestChain
let program: `0x${string}`

beforeAll(async () => {
  t = await startTestChain()
  program = await createProgram(t, t.wallet(t.accounts.user), keccak256(toHex('requests')))
})
afterAll(async () => {
  await t?.stop()
})

describe('ManagementContract requests (D3.2, P2)', () => {
  it('accumulates requests exactly as the TypeScript accumulator computes them', async () => {
    const user = t.wallet(t.accounts.user)
    await t.publicClient.waitForTransactionReceipt({ hash: await sendRequest(t, user, program) })
    await inOneBlock(t, async () => {
      for (let i = 0; i < 3; i++)
        await sendRequest(t, user, program, { gas: 300_000n, payload: toHex(`p${i}`) })
    })
    const entries = await replayAccumulator(t)
    const live = await read<Live>(t, 'live')
    const last = entries.at(-1)!
    expect(live.seq).toBe(last.seq)
    expect(live.acc).toBe(last.accAfter)
    expect(BigInt(live.block)).toBe(last.blockNumber)
    expect(live.countInBlock).toBe(3)
    expect(live.feeCum).toBe(entries.reduce((s, e) => s + e.fee, 0n))
    // seq 1 is the createProgram deploy entry (kind 2).
    expect(entries[0]!.kind).toBe(2)
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => BigInt(i + 1)))
  })

  it('behavior: the first request of a block moves the previous block into the ring', async () => {
    const user = t.wallet(t.accounts.user)
    const before = await read<Live>(t, 'live')
    const countBefore = await read<bigint>(t, 'ringCount')
    await mine(t, 2)
    const receipt = await t.publicClient.waitForTransactionReceipt({
      hash: await sendRequest(t, user, program),
    })
    const ring = await read<Ring>(t, 'ringEntry', [countBefore % t.config.ringSize])
    expect(await read<bigint>(t, 'ringCount')).toBe(countBefore + 1n)
    expect(ring).toEqual({
      block: before.block,
      seq: before.seq,
      acc: before.acc,
      feeCum: before.feeCum,
      nextBlock: Number(receipt.blockNumber),
    })
    const live = await read<Live>(t, 'live')
    expect(BigInt(live.block)).toBe(receipt.blockNumber)
    expect(live.countInBlock).toBe(1)
  })

  it('behavior: the caller is the wallet that called the program proxy', async () => {
    const user2 = t.wallet(t.accounts.user2)
    const hash = await user2.writeContract({
      address: program,
      abi: mcAbi,
      functionName: 'request',
      args: [program, 1, 0n, 100_000n, transferEnvelope],
      value: feeFor(t, 100_000n),
    })
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'Request' })
    expect(log?.args.caller).toBe(t.accounts.user2.address)
    expect(log?.args.program).toBe(program)
    expect(log?.args.payload).toBe(transferEnvelope)
    const entries = await replayAccumulator(t)
    expect((await read<Live>(t, 'live')).acc).toBe(entries.at(-1)!.accAfter)
  })

  it('behavior: createProgram deploys at the predicted CREATE2 address and registers it', async () => {
    const salt = keccak256(toHex('predict'))
    const predicted = await read<`0x${string}`>(t, 'programAddress', [t.accounts.user2.address, salt])
    expect(await read<boolean>(t, 'isProgram', [predicted])).toBe(false)
    const created = await createProgram(t, t.wallet(t.accounts.user2), salt)
    expect(created).toBe(predicted)
    expect(await read<boolean>(t, 'isProgram', [predicted])).toBe(true)
    expect(await read<`0x${string}`>(t, 'digestOf', [predicted])).toBe(`0x${'00'.repeat(32)}`)
    expect(await t.publicClient.getCode({ address: predicted })).toBeTruthy()
    // The same creator and salt cannot be taken twice.
    await expect(createProgram(t, t.wallet(t.accounts.user2), salt)).rejects.toThrow()
  })

  it('error: a fee below base + gasLimit * enclaveGasPrice reverts FeeTooLow', async () => {
    const user = t.wallet(t.accounts.user)
    await expectRevert(sendRequest(t, user, program, { value: feeFor(t, 100_000n) - 1n }), 'FeeTooLow')
  })

  it('error: a request to an unregistered program reverts UnknownProgram', async () => {
    await expectRevert(sendRequest(t, t.wallet(t.accounts.user), t.accounts.user2.address), 'UnknownProgram')
  })

  it('error: an epoch not accepted reverts EpochNotAccepted', async () => {
    await expectRevert(sendRequest(t, t.wallet(t.accounts.user), program, { epoch: 1n }), 'EpochNotAccepted')
  })

  it('error: kinds other than call and acl revert BadKind', async () => {
    await expectRevert(sendRequest(t, t.wallet(t.accounts.user), program, { kind: 2 }), 'BadKind')
    await expectRevert(sendRequest(t, t.wallet(t.accounts.user), program, { kind: 4 }), 'BadKind')
  })

  it('error: only the program itself may forward a request, and the proxy refuses other calls', async () => {
    const user = t.wallet(t.accounts.user)
    await expectRevert(
      user.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'forwardRequest',
        args: [t.accounts.user2.address, program, 1, 0n, 100_000n, '0x'],
        value: feeFor(t, 100_000n),
      }),
      'NotProxy',
    )
    await expect(user.sendTransaction({ to: program, value: 1n })).rejects.toThrow()
    await expect(user.sendTransaction({ to: program, data: '0x12345678' })).rejects.toThrow()
  })

  it('error: past the block quota a request reverts BlockFull', async () => {
    const user = t.wallet(t.accounts.user)
    const max = Number(t.config.blockQuotaGas / t.config.commitGasPerRequest)
    const hashes: `0x${string}`[] = []
    await inOneBlock(t, async () => {
      for (let i = 0; i < max + 1; i++) hashes.push(await sendRequest(t, user, program, { gas: 300_000n }))
    })
    const receipts = await Promise.all(hashes.map((hash) => t.publicClient.getTransactionReceipt({ hash })))
    expect(receipts.slice(0, max).every((r) => r.status === 'success')).toBe(true)
    expect(receipts[max]!.status).toBe('reverted')
    expect((await read<Live>(t, 'live')).countInBlock).toBe(max)
    // The reason, replayed at the end of that block:
    await expectRevert(
      t.publicClient.simulateContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'request',
        args: [program, 1, 0n, 100_000n, transferEnvelope],
        value: feeFor(t, 100_000n),
        account: t.accounts.user.address,
        blockNumber: receipts[max]!.blockNumber,
      }),
      'BlockFull',
    )
  })
})

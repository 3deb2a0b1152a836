import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedBody, submitCommit } from './support/commits.js'
import { createProgram, inOneBlock, sendRequest, transferEnvelope } from './support/requests.js'
import { startTestChain, type TestChain } from './support/testChain.js'

// D9: gas figures assume at least 50 requests per block; the envelope of a transfer is 177 bytes (P3).
const PER_BLOCK = 50

let t: TestChain
let program: Hex

beforeAll(async () => {
  t = await startTestChain()
  program = await createProgram(t, t.wallet(t.accounts.user), `0x${'9a'.repeat(32)}`)
})
afterAll(async () => {
  await t?.stop()
})

describe('ManagementContract gas (D3.2, D9)', () => {
  it('a request costs < 60k gas at 50 per block with a 177-byte envelope; their commit < 150k', async () => {
    expect((transferEnvelope.length - 2) / 2).toBe(177)
    const users = [t.accounts.user, t.accounts.user2, t.accounts.host].map((a) => t.wallet(a))
    const hashes: Hex[] = []
    await inOneBlock(t, async () => {
      for (let i = 0; i < PER_BLOCK; i++)
        hashes.push(await sendRequest(t, users[i % users.length]!, program, { gas: 300_000n }))
    })
    const receipts = await Promise.all(hashes.map((hash) => t.publicClient.getTransactionReceipt({ hash })))
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(1)
    expect(receipts.every((r) => r.status === 'success')).toBe(true)
    const gas = receipts.map((r) => r.gasUsed)
    const total = gas.reduce((s, g) => s + g, 0n)
    const average = total / BigInt(PER_BLOCK)
    const first = gas[0]!
    const typical = gas[PER_BLOCK - 1]!

    const body = await expectedBody(t)
    body.updates = [{ program, prevDigest: `0x${'00'.repeat(32)}`, newDigest: `0x${'d1'.repeat(32)}` }]
    const commit = await t.publicClient.waitForTransactionReceipt({ hash: await submitCommit(t, body) })
    expect(commit.status).toBe('success')

    console.log(
      `gas: request (177-byte envelope, ${PER_BLOCK} per block) average ${average}, first of block ${first}, ` +
        `others ${typical}; commit of the block (1 update, k = 2) ${commit.gasUsed}`,
    )
    expect(average).toBeLessThan(60_000n)
    expect(first).toBeLessThan(120_000n)
    expect(commit.gasUsed).toBeLessThan(150_000n)
  })
})

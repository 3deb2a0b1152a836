import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedBody, submitCommit } from './support/commits.js'
import { createProgram, mine, sendRequest } from './support/requests.js'
import { expectRevert, read, startTestChain, type TestChain } from './support/testChain.js'

let t: TestChain
let program: Hex

beforeAll(async () => {
  t = await startTestChain({ configure: (c) => ({ ...c, ringSize: 4n }) })
  program = await createProgram(t, t.wallet(t.accounts.user), `0x${'0b'.repeat(32)}`)
})
afterAll(async () => {
  await t?.stop()
})

async function request() {
  const hash = await sendRequest(t, t.wallet(t.accounts.user), program)
  return t.publicClient.waitForTransactionReceipt({ hash })
}

describe('ManagementContract ring (P2)', () => {
  it('error: a request that would overwrite a checkpoint no commit has passed reverts Backlogged', async () => {
    // createProgram wrote ring entry 0; three more blocks with requests fill R = 4.
    for (let i = 0; i < 3; i++) {
      await mine(t)
      await request()
    }
    expect(await read<bigint>(t, 'ringCount')).toBe(4n)
    await mine(t)
    await expectRevert(sendRequest(t, t.wallet(t.accounts.user), program), 'Backlogged')
  })

  it('behavior: a commit past the oldest entry releases it', async () => {
    const body = await expectedBody(t)
    const tx = await submitCommit(t, body)
    expect((await t.publicClient.waitForTransactionReceipt({ hash: tx })).status).toBe('success')
    expect((await request()).status).toBe('success')
    expect(await read<bigint>(t, 'ringCount')).toBe(5n)
  })
})

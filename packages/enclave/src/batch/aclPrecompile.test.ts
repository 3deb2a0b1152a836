/**
 * ACL changes by a program admin through `executeBatch` (D5 "Admin", "Access"): a factory
 * creates a box and restricts it through the ACL precompile in one request; the restriction
 * holds for later requests of the same batch, lands in the box's sealed Info, and is enforced
 * in later batches against accounts (accessDenied) and programs (a failed call).
 */
import { resultStatus } from '@racetee/protocol'
import { type Address, getAddress, getContractAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { boxAbi, factoryAbi, poker, pokerAbi, restrictingFactory } from './test/aclFactory.js'
import { programAddress } from './test/FakeChain.js'
import { WorkloadWorld } from './test/WorkloadWorld.js'

const A = getAddress('0x00000000000000000000000000000000000a11ce')
const B = getAddress('0x0000000000000000000000000000000000000b0b')
const [factory, listed, outsider] = [1, 2, 3].map(programAddress) as [Address, Address, Address]
const box = getContractAddress({ from: factory, nonce: 1n })

/** Batch 1 (blocks 1-2): A deploys the factory and two pokers, then has a box made for A and `listed`. */
async function boxRestricted() {
  const w = new WorkloadWorld().register(factory, listed, outsider)
  await w.deploy(1n, A, factory, restrictingFactory())
  await w.deploy(1n, A, listed, poker())
  await w.deploy(1n, A, outsider, poker())
  const made = await w.call(2n, A, factory, factoryAbi, 'makeRestricted', [[A, listed]])
  const byListed = await w.call(2n, A, listed, pokerAbi, 'poke', [box])
  const byOutsider = await w.call(2n, A, outsider, pokerAbi, 'poke', [box])
  const first = await w.run(2n)
  return { w, made, byListed, byOutsider, first }
}

describe('executeBatch with the ACL precompile', () => {
  test("a factory restricts the box it created; the ACL is in the box's sealed Info and enforced in later batches", async () => {
    const { w, made, byListed, byOutsider, first } = await boxRestricted()
    expect(w.value(made)).toBe(box)
    expect(first.body.created.map((c) => [c.program, c.creator])).toEqual([[box, factory]])
    // Later requests of the same batch already see the ACL.
    expect(w.value(byListed)).toBe(true)
    expect(w.value(byOutsider)).toBe(false)
    expect(await w.access(box)).toEqual({ admin: factory, acl: [A, listed] })

    const byA = await w.call(3n, A, box, boxAbi, 'poke')
    const byB = await w.call(3n, B, box, boxAbi, 'poke')
    const nested = await w.call(3n, B, outsider, pokerAbi, 'poke', [box])
    await w.run(3n)
    expect(w.value(byA)).toBe(2n)
    expect(w.result(byB).status).toBe(resultStatus.accessDenied)
    expect(w.result(nested).status).toBe(resultStatus.success)
    expect(w.value(nested)).toBe(false)
  })

  test('behavior: the admin lifts the restriction in a later batch; a request later in that batch already passes', async () => {
    const { w } = await boxRestricted()
    const lifted = await w.call(3n, A, factory, factoryAbi, 'restrict', [box, []])
    const byB = await w.call(3n, B, box, boxAbi, 'poke')
    const out = await w.run(3n)
    expect(w.result(lifted).status).toBe(resultStatus.success)
    expect(w.value(byB)).toBe(2n)
    expect(out.body.updates.map((u) => u.program)).toContain(box)
    expect(await w.access(box)).toEqual({ admin: factory, acl: [] })
  })

  test('behavior: a change in a request that reverts never reaches the Info', async () => {
    const { w } = await boxRestricted()
    const digest = w.chain.digest(box)
    const undone = await w.call(3n, A, factory, factoryAbi, 'restrictThenRevert', [box, [B]])
    const out = await w.run(3n)
    expect(w.result(undone).status).toBe(resultStatus.reverted)
    expect(out.body.updates).toEqual([])
    expect(w.chain.digest(box)).toBe(digest)
    expect(await w.access(box)).toEqual({ admin: factory, acl: [A, listed] })
  })

  test("error: a program that is not the box's admin is refused, and the Info is unchanged", async () => {
    const { w } = await boxRestricted()
    const usurp = await w.call(3n, A, listed, pokerAbi, 'restrict', [box, [listed]])
    const out = await w.run(3n)
    expect(w.result(usurp).status).toBe(resultStatus.reverted)
    expect(out.body.updates).toEqual([])
    expect(await w.access(box)).toEqual({ admin: factory, acl: [A, listed] })
  })
})

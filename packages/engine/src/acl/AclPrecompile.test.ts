import { resultStatus } from '@racetee/protocol'
import { decodeErrorResult, encodeFunctionData, getAddress, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { tag } from '../test/requests.js'
import type { AdminPolicy, ProgramAccessChange } from '../types.js'
import {
  ACL_CHANGE_GAS,
  ACL_ENTRY_GAS,
  ACL_PRECOMPILE_ADDRESS,
  aclPrecompileAbi,
} from './aclPrecompileAbi.js'
import {
  ADMIN,
  aclWorld,
  adminAbi,
  decodeOutput,
  guardedAbi,
  OUTSIDER,
  outsiderAbi,
} from './test/aclWorld.js'

const ALICE: Hex = '0x00000000000000000000000000000000000a11ce'
const BOB: Hex = '0x0000000000000000000000000000000000000b0b'

function aclError(ret: Hex) {
  return decodeErrorResult({ abi: aclPrecompileAbi, data: ret })
}

describe('AclPrecompile', () => {
  it('lets a factory restrict the program it created: later calls from outside the ACL are refused', async () => {
    const { send, guarded } = await aclWorld()
    const restricted = await send(ADMIN, adminAbi, 'restrict', [guarded, [ALICE]])
    expect(restricted.status).toBe(resultStatus.success)
    expect((await send(guarded, guardedAbi, 'hit', [], ALICE)).status).toBe(resultStatus.success)
    expect((await send(guarded, guardedAbi, 'hit', [], BOB)).status).toBe(resultStatus.accessDenied)
    // A program not on the ACL fails like a revert: the outsider sees a failed call.
    const nested = await send(OUTSIDER, outsiderAbi, 'hit', [guarded])
    expect(nested.status).toBe(resultStatus.success)
    expect(decodeOutput(outsiderAbi, 'hit', nested)).toBe(false)
  })

  it('behavior: the change holds for the rest of the same request', async () => {
    const { send, guarded } = await aclWorld()
    // The admin lists only BOB, so its own call right after is refused.
    const out = await send(ADMIN, adminAbi, 'restrictAndHit', [guarded, [BOB]])
    expect(out.status).toBe(resultStatus.success)
    expect(decodeOutput(adminAbi, 'restrictAndHit', out)).toBe(false)
    expect((await send(guarded, guardedAbi, 'hit', [], BOB)).status).toBe(resultStatus.success)
    expect((await send(guarded, guardedAbi, 'hit', [], ALICE)).status).toBe(resultStatus.accessDenied)
  })

  it('behavior: an inner frame that reverts takes its change back while its caller carries on', async () => {
    const { send, guarded } = await aclWorld()
    const out = await send(ADMIN, adminAbi, 'restrictInInnerFrame', [guarded, [BOB]])
    expect(out.status).toBe(resultStatus.success)
    // The inner frame failed; the admin's call right after still finds the program public.
    expect(decodeOutput(adminAbi, 'restrictInInnerFrame', out)).toEqual([false, true])
    expect((await send(guarded, guardedAbi, 'hit', [], ALICE)).status).toBe(resultStatus.success)
  })

  it('behavior: a request that reverts leaves the ACL as it was', async () => {
    const { send, guarded } = await aclWorld()
    const out = await send(ADMIN, adminAbi, 'restrictThenRevert', [guarded, [BOB]])
    expect(out.status).toBe(resultStatus.reverted)
    expect((await send(guarded, guardedAbi, 'hit', [], ALICE)).status).toBe(resultStatus.success)
  })

  it('behavior: a new admin takes over, and the old one is refused after', async () => {
    const { send, guarded } = await aclWorld()
    expect((await send(ADMIN, adminAbi, 'handOver', [guarded, OUTSIDER])).status).toBe(resultStatus.success)
    const old = await send(ADMIN, adminAbi, 'restrict', [guarded, [ALICE]])
    expect(old.status).toBe(resultStatus.reverted)
    expect(aclError(`0x${Buffer.from(old.returnData).toString('hex')}`)).toMatchObject({
      errorName: 'NotProgramAdmin',
      args: [getAddress(guarded), getAddress(ADMIN)],
    })
    const now = await send(OUTSIDER, outsiderAbi, 'restrict', [guarded, [ALICE]])
    expect(decodeOutput(outsiderAbi, 'restrict', now)).toEqual([true, '0x'])
    expect((await send(guarded, guardedAbi, 'hit', [], BOB)).status).toBe(resultStatus.accessDenied)
  })

  it('behavior: an AdminPolicy is asked for admins and hears of changes only when the request succeeds', async () => {
    const heard: { changes: readonly ProgramAccessChange[]; writeTag: Hex }[] = []
    const policy: AdminPolicy = {
      isAllowed: async () => true,
      adminOf: async (program) => (program.toLowerCase() === OUTSIDER ? getAddress(ADMIN) : null),
      recordAccessChanges: async (changes, writeTag) => {
        heard.push({ changes, writeTag })
      },
    }
    const { send, guarded } = await aclWorld(policy)
    await send(ADMIN, adminAbi, 'restrictThenRevert', [guarded, [BOB]]) // request 2
    await send(ADMIN, adminAbi, 'restrict', [OUTSIDER, [ALICE, BOB]]) // request 3
    await send(ADMIN, adminAbi, 'restrict', [guarded, []]) // request 4
    expect(heard).toEqual([
      { changes: [{ program: OUTSIDER, acl: [ALICE, BOB], admin: ADMIN }], writeTag: tag(3) },
      { changes: [{ program: guarded, acl: [], admin: ADMIN }], writeTag: tag(4) },
    ])
  })

  it('behavior: costs 20,000 gas plus 5,000 per ACL entry', async () => {
    const { send, guarded } = await aclWorld()
    const one = await send(ADMIN, adminAbi, 'restrict', [guarded, [ALICE]])
    const three = await send(ADMIN, adminAbi, 'restrict', [guarded, [ALICE, BOB, OUTSIDER]])
    expect(ACL_CHANGE_GAS).toBe(20_000n)
    expect(ACL_ENTRY_GAS).toBe(5_000n)
    // Two more entries: 10,000 in the precompile, plus calldata and ABI copying in the caller.
    const extra = three.gasUsed - one.gasUsed
    expect(extra).toBeGreaterThan(2n * ACL_ENTRY_GAS)
    expect(extra).toBeLessThan(2n * ACL_ENTRY_GAS + 2_000n)
  })

  it('error: a program that is not the admin is refused with NotProgramAdmin, nothing changes', async () => {
    const { send, guarded } = await aclWorld()
    const out = await send(OUTSIDER, outsiderAbi, 'restrict', [guarded, [ALICE]])
    const [ok, ret] = decodeOutput(outsiderAbi, 'restrict', out)
    expect(ok).toBe(false)
    expect(aclError(ret)).toMatchObject({
      errorName: 'NotProgramAdmin',
      args: [getAddress(guarded), getAddress(OUTSIDER)],
    })
    expect((await send(guarded, guardedAbi, 'hit', [], BOB)).status).toBe(resultStatus.success)
  })

  it('error: a static context or a DELEGATECALL is refused', async () => {
    const { send, guarded } = await aclWorld()
    const staticOut = await send(ADMIN, adminAbi, 'restrictStatic', [guarded])
    const [sOk, sRet] = decodeOutput(adminAbi, 'restrictStatic', staticOut)
    expect([sOk, aclError(sRet).errorName]).toEqual([false, 'AclCallStatic'])
    const delegated = await send(ADMIN, adminAbi, 'restrictDelegated', [guarded])
    const [dOk, dRet] = decodeOutput(adminAbi, 'restrictDelegated', delegated)
    expect([dOk, aclError(dRet).errorName]).toEqual([false, 'AclCallNotDirect'])
  })

  it('error: calldata that is no setAcl reverts; gas below the cost runs out of gas', async () => {
    const { send, guarded } = await aclWorld()
    const bad = await send(ADMIN, adminAbi, 'raw', ['0xdeadbeef', 100_000n])
    const [bOk, bRet] = decodeOutput(adminAbi, 'raw', bad)
    expect([bOk, aclError(bRet).errorName]).toEqual([false, 'AclInputMalformed'])
    const data = encodeFunctionData({
      abi: aclPrecompileAbi,
      functionName: 'setAcl',
      args: [guarded, [ALICE], ADMIN],
    })
    const starved = await send(ADMIN, adminAbi, 'raw', [data, 24_999n])
    expect(decodeOutput(adminAbi, 'raw', starved)).toEqual([false, '0x'])
    expect((await send(guarded, guardedAbi, 'hit', [], BOB)).status).toBe(resultStatus.success)
    const enough = await send(ADMIN, adminAbi, 'raw', [data, 25_000n])
    expect(decodeOutput(adminAbi, 'raw', enough)).toEqual([true, '0x'])
    expect(ACL_PRECOMPILE_ADDRESS).toBe('0x0000000000000000000000000000000000000ac1')
  })
})

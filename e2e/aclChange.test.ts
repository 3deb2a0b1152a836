/**
 * ACL changes end to end (issue 4, D5 "Admin", "Access"; P3 acl body), every part a real
 * process (anvil, the MC, one storage node, one executor with its enclave child under
 * SIMULATION), through the SDK's `setProgramAcl`: the deployer (the program's admin) restricts
 * a confidential token to alice, so bob's call is refused with the sealed `accessDenied` while
 * alice's succeeds; a non-admin's ACL change is refused and changes nothing; the admin hands
 * the admin right to carol with `newAdmin`, after which the old admin is refused and carol's
 * changes apply. Requests of one step are sent one after another (a block each) and their
 * results awaited together: seq order is send order.
 */

import { type Devnet, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi } from '@racetee/protocol'
import { callProgram, memorySecretStore, type SecretStore, setProgramAcl, waitForResult } from '@racetee/sdk'
import type { Address, Hash } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'

const CALL_GAS = 200_000n

type User = { address: Address; wallet: ReturnType<Devnet['wallet']> }

describe('ACL changes on the devnet', () => {
  let devnet: Devnet | undefined
  let secretStore: SecretStore
  let program: Address
  let alice: User
  let bob: User
  let carol: User

  beforeAll(async () => {
    devnet = await startDevnet()
    secretStore = memorySecretStore()
    ;[alice, bob, carol] = devnet.userKeys.slice(0, 3).map((key) => {
      const wallet = devnet!.wallet(key)
      return { address: wallet.account.address, wallet }
    }) as [User, User, User]
    ;({ program } = await deployConfidentialToken(devnet, { wallet: alice.wallet, secretStore }))
  }, 90_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  /** Sends a token call; the result is awaited with `settle`. */
  const call = (user: User, functionName: 'transfer' | 'balanceOf', args: readonly unknown[]) =>
    callProgram(user.wallet, {
      mc: devnet!.mc,
      program,
      abi: confidentialErc20Abi,
      functionName,
      args: args as never,
      gasLimit: CALL_GAS,
      secretStore,
      publicClient: devnet!.publicClient,
    })
  const changeAcl = (user: User, acl: Address[], newAdmin?: Address) =>
    setProgramAcl(user.wallet, {
      mc: devnet!.mc,
      program,
      acl,
      ...(newAdmin ? { newAdmin } : {}),
      secretStore,
      publicClient: devnet!.publicClient,
    })
  /** Each request's status and decoded value, in the order given. */
  const settle = (sent: readonly { hash: Hash; functionName?: 'transfer' | 'balanceOf' }[]) =>
    Promise.all(
      sent.map(async ({ hash, functionName }) => {
        const result = await waitForResult(devnet!.publicClient, {
          mc: devnet!.mc,
          hash,
          secretStore,
          abi: confidentialErc20Abi,
          ...(functionName ? { functionName } : {}),
          pollingInterval: 100,
          timeout: 60_000,
        })
        return { status: result.status, decoded: result.decoded, seq: result.seq }
      }),
    )

  test('the admin restricts the ACL to alice: bob is refused (accessDenied), alice succeeds', async () => {
    const restrict = await changeAcl(alice, [alice.address])
    const bobRead = await call(bob, 'balanceOf', [bob.address])
    const aliceTransfer = await call(alice, 'transfer', [bob.address, 1_000n])
    const bobTransfer = await call(bob, 'transfer', [alice.address, 1n])
    const results = await settle([
      restrict,
      { ...bobRead, functionName: 'balanceOf' },
      { ...aliceTransfer, functionName: 'transfer' },
      { ...bobTransfer, functionName: 'transfer' },
    ])
    expect(results.map((r) => [r.status, r.decoded])).toEqual([
      ['success', undefined],
      // Without the ACL the token would show bob his own balance (D5): this refusal is the ACL's.
      ['accessDenied', undefined],
      ['success', true],
      ['accessDenied', undefined],
    ])
    // Seq order is send order, so each call saw the ACL change before it.
    const seqs = results.map((r) => r.seq)
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs)
  })

  test('behavior: a non-admin’s ACL change is refused (accessDenied) and changes nothing', async () => {
    const open = await changeAcl(bob, [])
    const bobRead = await call(bob, 'balanceOf', [bob.address])
    const aliceRead = await call(alice, 'balanceOf', [alice.address])
    const results = await settle([
      open,
      { ...bobRead, functionName: 'balanceOf' },
      { ...aliceRead, functionName: 'balanceOf' },
    ])
    expect(results.map((r) => r.status)).toEqual(['accessDenied', 'accessDenied', 'success'])
    expect(results[2]!.decoded).toBe(2n ** 200n - 1_000n)
  })

  test('behavior: the admin hands admin rights to carol with newAdmin; the old admin is refused after', async () => {
    const handOver = await changeAcl(alice, [alice.address, bob.address], carol.address)
    const bobRead = await call(bob, 'balanceOf', [bob.address])
    const carolRead = await call(carol, 'balanceOf', [carol.address])
    const oldAdmin = await changeAcl(alice, [alice.address])
    const newAdmin = await changeAcl(carol, [])
    const carolAfter = await call(carol, 'balanceOf', [carol.address])
    const bobAfter = await call(bob, 'balanceOf', [bob.address])
    const results = await settle([
      handOver,
      { ...bobRead, functionName: 'balanceOf' },
      { ...carolRead, functionName: 'balanceOf' },
      oldAdmin,
      newAdmin,
      { ...carolAfter, functionName: 'balanceOf' },
      { ...bobAfter, functionName: 'balanceOf' },
    ])
    expect(results.map((r) => [r.status, r.decoded])).toEqual([
      ['success', undefined],
      // The new list lets bob in; carol, the new admin, is not on it.
      ['success', 1_000n],
      ['accessDenied', undefined],
      // Alice is no longer admin: her change is refused, so bob keeps access.
      ['accessDenied', undefined],
      // Carol's change applies: the program is public.
      ['success', undefined],
      ['success', 0n],
      ['success', 1_000n],
    ])
  })
})

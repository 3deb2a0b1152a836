import { rotationTypes } from '@racetee/protocol'
import { type Address, getAbiItem, type Hex, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admission, admitEnclave, registerEnclave, signAdmission } from './support/enclaves.js'
import { createProgram, mine, replayAccumulator, sendRequest } from './support/requests.js'
import {
  expectRevert,
  mcAbi,
  read,
  requestPublicKey0,
  send,
  startTestChain,
  type TestChain,
} from './support/testChain.js'

type EpochInfo = { epoch: bigint; requestPublicKey: Hex; rotationBlock: bigint; started: boolean }

let t: TestChain
let program: Hex

beforeAll(async () => {
  t = await startTestChain()
  program = await createProgram(t, t.wallet(t.accounts.user), `0x${'01'.repeat(32)}`)
})
afterAll(async () => {
  await t?.stop()
})

type Registry = readonly [version: bigint, members: bigint, lastRevocation: bigint]

/** Every member (admitted, effective or pending, not revoked), ascending: who a rotation grants to. */
async function members(): Promise<Address[]> {
  const logs = await t.publicClient.getLogs({
    address: t.mc,
    event: getAbiItem({ abi: mcAbi, name: 'Registered' }),
    fromBlock: 0n,
  })
  const out: Address[] = []
  for (const log of logs) {
    const signer = log.args.signer!
    const info = await read<{ admittedFrom: bigint; revokedAt: bigint }>(t, 'enclaveInfo', [signer])
    if (info.admittedFrom !== 0n && info.revokedAt === 0n) out.push(signer)
  }
  return out.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
}

async function rotation(epoch: bigint, registryVersion: bigint, key: Hex) {
  const grants = (await members()).map((enclave) => ({ enclave, sealedSecret: '0x5e5e' as Hex }))
  return { epoch, requestPublicKey: key, registryVersion, grants }
}

async function signRotation(r: Awaited<ReturnType<typeof rotation>>, signer = t.accounts.enclave) {
  return signer.signTypedData({ domain: t.domain, types: rotationTypes, primaryType: 'Rotation', message: r })
}

describe('ManagementContract executor registry (D3.1)', () => {
  it('genesis admitted the first enclave at once and started epoch 0', async () => {
    const info = await read<EpochInfo>(t, 'epochInfo')
    expect(info).toMatchObject({ epoch: 0n, requestPublicKey: requestPublicKey0, started: true })
    expect(await read<bigint>(t, 'registryVersion')).toBe(1n)
    const block = await t.publicClient.getBlockNumber()
    expect(await read<boolean>(t, 'isAdmittedAt', [t.accounts.enclave.address, block])).toBe(true)
    await expectRevert(
      t.wallet(t.accounts.governance).writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'genesis',
        args: [
          t.accounts.user.address,
          requestPublicKey0,
          '0x',
          t.accounts.user.address,
          '',
          requestPublicKey0,
        ],
        value: t.config.minBond,
      }),
      'GenesisDone',
    )
  })

  it('behavior: admission takes effect after the delay and publishes the epoch secrets', async () => {
    const newcomer = t.accounts.enclave2
    await registerEnclave(t, newcomer)
    const receipt = await admitEnclave(t, newcomer)
    const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'Admitted' })
    expect(log?.args).toMatchObject({ enclave: newcomer.address, epochSecret: '0xe1e1', epoch: 0n })
    const from = receipt.blockNumber + t.config.admissionDelay
    expect(await read<boolean>(t, 'isAdmittedAt', [newcomer.address, from - 1n])).toBe(false)
    expect(await read<boolean>(t, 'isAdmittedAt', [newcomer.address, from])).toBe(true)
    expect(await read<bigint>(t, 'registryVersion')).toBe(2n)
  })

  it('error: admit checks the admitter, the version, the epoch and the newcomer', async () => {
    const third = t.accounts.storage[2]!
    const user = t.wallet(t.accounts.user)
    const admit = async (a: Awaited<ReturnType<typeof admission>>, signer = t.accounts.enclave) =>
      user.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'admit',
        args: [a, await signAdmission(t, a, signer)],
      })
    await expectRevert(admit(await admission(t, third)), 'NotPending')
    await registerEnclave(t, third)
    const a = await admission(t, third)
    // enclave2's admission is still delayed: it cannot admit yet.
    await expectRevert(admit(a, t.accounts.enclave2), 'SignerNotAdmitted')
    await expectRevert(admit({ ...a, registryVersion: a.registryVersion - 1n }), 'WrongRegistryVersion')
    await expectRevert(admit({ ...a, epoch: 1n }), 'WrongEpoch')
    await expectRevert(admit({ ...a, evidenceHash: `0x${'00'.repeat(32)}` }), 'AdmissionMismatch')
  })

  it('behavior: governance vetoes a pending admission; only governance', async () => {
    const third = t.accounts.storage[2]!
    await admitEnclave(t, third)
    await expectRevert(
      t
        .wallet(t.accounts.user)
        .writeContract({ address: t.mc, abi: mcAbi, functionName: 'veto', args: [third.address] }),
      'NotGovernance',
    )
    const version = await read<bigint>(t, 'registryVersion')
    const [, membersBefore] = await read<Registry>(t, 'registryState')
    const vetoed = await send(t, t.wallet(t.accounts.governance), 'veto', [third.address])
    expect(await read<bigint>(t, 'registryVersion')).toBe(version + 1n)
    // A pending admission counted as a member (a rotation grants to it); vetoed, it no longer
    // does, and since its admission already published the epoch secrets, a rotation is due.
    const [, membersAfter, lastRevocation] = await read<Registry>(t, 'registryState')
    expect(membersAfter).toBe(membersBefore - 1n)
    expect(lastRevocation).toBe(vetoed.blockNumber)
    await mine(t, Number(t.config.admissionDelay))
    const block = await t.publicClient.getBlockNumber()
    expect(await read<boolean>(t, 'isAdmittedAt', [third.address, block])).toBe(false)
    await expectRevert(
      t.wallet(t.accounts.governance).writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'veto',
        args: [t.accounts.enclave2.address],
      }),
      'NotVetoable',
    )
  })

  it('behavior: a vetoed or revoked bond is withdrawn to its payout after the delay', async () => {
    const third = t.accounts.storage[2]!
    const payout = t.accounts.host.address
    const gov = t.wallet(t.accounts.governance)
    await expectRevert(
      gov.writeContract({ address: t.mc, abi: mcAbi, functionName: 'withdrawBond', args: [third.address] }),
      'BondLocked',
    )
    await mine(t, Number(t.config.bondWithdrawalDelay))
    const before = await t.publicClient.getBalance({ address: payout })
    await send(t, gov, 'withdrawBond', [third.address])
    expect(await t.publicClient.getBalance({ address: payout })).toBe(before + t.config.minBond)
    await expectRevert(
      gov.writeContract({ address: t.mc, abi: mcAbi, functionName: 'withdrawBond', args: [third.address] }),
      'NothingToWithdraw',
    )
  })

  it('error: a bond below the minimum reverts BondTooLow; a signer registers once', async () => {
    const host = t.wallet(t.accounts.host)
    const args = [
      t.accounts.user2.address,
      `0x${'00'.repeat(32)}`,
      '0x',
      t.accounts.host.address,
      '',
    ] as const
    await expectRevert(
      host.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'register',
        args,
        value: t.config.minBond - 1n,
      }),
      'BondTooLow',
    )
    await expectRevert(registerEnclave(t, t.accounts.enclave2), 'AlreadyRegistered')
  })
})

describe('ManagementContract storage registry (D3.1, D6)', () => {
  it('governance adds and removes storage nodes', async () => {
    const gov = t.wallet(t.accounts.governance)
    const node = t.accounts.user2.address
    await send(t, gov, 'addStorageNode', [node, 'http://s'])
    expect(await read<boolean>(t, 'isStorageNode', [node])).toBe(true)
    expect(await read<string>(t, 'storageNodeUrl', [node])).toBe('http://s')
    expect(await read<Hex[]>(t, 'storageNodes')).toContain(node)
    await send(t, gov, 'removeStorageNode', [node])
    expect(await read<boolean>(t, 'isStorageNode', [node])).toBe(false)
    expect(await read<Hex[]>(t, 'storageNodes')).toHaveLength(2)
  })
})

describe('ManagementContract.rotate (D4)', () => {
  it('starts the next epoch, folds the rotation into the accumulator, and honours the grace period', async () => {
    const version = await read<bigint>(t, 'registryVersion')
    const key1: Hex = `0x${'22'.repeat(32)}`
    const r = await rotation(1n, version, key1)
    const [, memberCount] = await read<Registry>(t, 'registryState')
    expect(BigInt(r.grants.length)).toBe(memberCount)
    const host = t.wallet(t.accounts.host)
    await expectRevert(
      host.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'rotate',
        args: [
          { ...r, registryVersion: version - 1n },
          await signRotation({ ...r, registryVersion: version - 1n }),
        ],
      }),
      'WrongRegistryVersion',
    )
    await expectRevert(
      host.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'rotate',
        args: [{ ...r, epoch: 2n }, await signRotation({ ...r, epoch: 2n })],
      }),
      'WrongEpoch',
    )
    await expectRevert(
      host.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'rotate',
        args: [r, await signRotation(r, t.accounts.user)],
      }),
      'SignerNotAdmitted',
    )
    // D4: the grants go to every member, once each, ascending, and to nobody else.
    const stranger = t.accounts.user.address
    const badGrants = [
      { grants: r.grants.slice(1), error: 'GrantsIncomplete' },
      {
        grants: [...r.grants.slice(1), { enclave: stranger, sealedSecret: '0x01' as Hex }],
        error: 'GrantNotToMember',
      },
      { grants: [...r.grants].reverse(), error: 'GrantNotToMember' },
    ]
    expect(r.grants.length).toBeGreaterThanOrEqual(2)
    for (const { grants, error } of badGrants) {
      const bad = { ...r, grants }
      await expectRevert(
        host.writeContract({
          address: t.mc,
          abi: mcAbi,
          functionName: 'rotate',
          args: [bad, await signRotation(bad)],
        }),
        error,
      )
    }
    const receipt = await send(t, host, 'rotate', [r, await signRotation(r)])
    const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'Rotated' })
    expect(log?.args).toMatchObject({ epoch: 1n, requestPublicKey: key1, signer: t.accounts.enclave.address })
    expect(log?.args.grants).toEqual(r.grants)
    const info = await read<EpochInfo>(t, 'epochInfo')
    expect(info).toMatchObject({ epoch: 1n, requestPublicKey: key1, rotationBlock: receipt.blockNumber })
    expect(await read<Hex>(t, 'requestPublicKeyOf', [0n])).toBe(requestPublicKey0)
    // The first valid rotation wins: the same one again names a stale epoch.
    await expectRevert(
      host.writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'rotate',
        args: [r, await signRotation(r)],
      }),
      'WrongEpoch',
    )
    // The rotation is an accumulator entry (kind 4) the TS replay reproduces.
    const entries = await replayAccumulator(t)
    const rot = entries.find((e) => e.kind === 4)!
    expect(rot).toMatchObject({
      epoch: 1n,
      gasLimit: 0n,
      caller: t.accounts.host.address,
      seq: log?.args.seq,
    })
    expect((await read<{ acc: Hex }>(t, 'live')).acc).toBe(entries.at(-1)!.accAfter)

    // Grace period: epoch 0 requests are accepted while block.number < rotationBlock + G.
    const user = t.wallet(t.accounts.user)
    const send0 = async () =>
      t.publicClient.waitForTransactionReceipt({ hash: await sendRequest(t, user, program, { epoch: 0n }) })
    expect((await send0()).status).toBe('success')
    expect(await read<boolean>(t, 'isEpochAccepted', [1n])).toBe(true)
    const last = info.rotationBlock + t.config.gracePeriod - 1n
    await mine(t, Number(last - (await t.publicClient.getBlockNumber()) - 1n))
    // The next transaction lands in block rotationBlock + G - 1: still accepted.
    expect((await send0()).blockNumber).toBe(last)
    await expectRevert(sendRequest(t, user, program, { epoch: 0n }), 'EpochNotAccepted')
    expect(
      (
        await t.publicClient.waitForTransactionReceipt({
          hash: await sendRequest(t, user, program, { epoch: 1n }),
        })
      ).status,
    ).toBe('success')
  })

  it('behavior: a revocation leaves the member set and is recorded; a rotation granting to it reverts', async () => {
    const revoked = t.accounts.enclave2.address
    const [, membersBefore] = await read<Registry>(t, 'registryState')
    const receipt = await send(t, t.wallet(t.accounts.governance), 'revoke', [revoked])
    const [version, memberCount, lastRevocation] = await read<Registry>(t, 'registryState')
    expect(memberCount).toBe(membersBefore - 1n)
    expect(lastRevocation).toBe(receipt.blockNumber)
    expect(await members()).not.toContain(revoked)
    const epoch = (await read<EpochInfo>(t, 'epochInfo')).epoch
    const r = await rotation(epoch + 1n, version, `0x${'33'.repeat(32)}`)
    const withRevoked = {
      ...r,
      grants: [...r.grants, { enclave: revoked, sealedSecret: '0x01' as Hex }].sort((a, b) =>
        BigInt(a.enclave) < BigInt(b.enclave) ? -1 : 1,
      ),
    }
    await expectRevert(
      t.wallet(t.accounts.host).writeContract({
        address: t.mc,
        abi: mcAbi,
        functionName: 'rotate',
        args: [withRevoked, await signRotation(withRevoked)],
      }),
      'GrantsIncomplete',
    )
    await send(t, t.wallet(t.accounts.host), 'rotate', [r, await signRotation(r)])
    expect((await read<EpochInfo>(t, 'epochInfo')).epoch).toBe(epoch + 1n)
  })
})

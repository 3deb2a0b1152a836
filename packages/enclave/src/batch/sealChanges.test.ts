import { encodeAclBody, ratchetProgramKey } from '@racetee/protocol'
import { zeroAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { EpochKeyring } from '../keys/epochKeys.js'
import { A, amount128, B, C, kinds, toJson, token } from './test/batchWorld.js'
import { programAddress } from './test/FakeChain.js'
import {
  containsBytes,
  openStateBlob,
  type ProgramState,
  RotationWorld,
  rotatingTokenBody,
} from './test/rotationWorld.js'
import { balanceOfBody, decodeBalance, transferBody } from './test/token.js'
import type { BatchOutput } from './types.js'

const token2 = programAddress(2)

/** Checks that none of `state`'s keys and nothing in its Info plaintext is `key`. */
function expectKeyAbsent(state: ProgramState, key: Uint8Array) {
  expect(state.loaderKeys.some((k) => containsBytes(k, key))).toBe(false)
  expect(containsBytes(state.infoPlaintext, key)).toBe(false)
}

/** Deploys a token with `policy` and moves `x` from A to B in block 1 (one counted call). */
async function deployAndTransfer(
  world: RotationWorld,
  policy: { rotateEvery: number; keepHistory: boolean },
) {
  const supply = amount128() << 8n
  const x = amount128()
  world.push(await world.seal(1n, A, kinds.deploy, rotatingTokenBody(supply, policy)))
  world.push(await world.seal(1n, A, kinds.call, transferBody(B, x)))
  await world.run(1n)
  return { supply, x }
}

describe('sealChanges: per-program key rotation (D4)', () => {
  test('rotateEvery 2 ratchets after the second call: state reads back, every blob is under version 1, the old key is gone', async () => {
    const world = new RotationWorld()
    const { supply, x } = await deployAndTransfer(world, { rotateEvery: 2, keepHistory: false })
    const before = await world.state()
    expect(before.info).toMatchObject({ keyVersion: 0, keyEpoch: 0n, execCount: 1 })
    expect(before.blobs.every((b) => b.keyVersion === 0)).toBe(true)

    // The second call is a read: it writes nothing, but the count is reached.
    const readB = world.push(await world.seal(2n, B, kinds.call, balanceOfBody(B)))
    const rotation = await world.run(2n)
    expect(decodeBalance(world.result(readB).returnData)).toBe(x)
    expect(rotation.body.updates.map((u) => u.program)).toEqual([token])
    const after = await world.state()
    expect(after.info).toMatchObject({ keyVersion: 1, keyEpoch: 0n, execCount: 0, retainedKeys: [] })
    expect(after.blobs.map((b) => [b.kind, b.page, b.keyVersion])).toEqual(
      before.blobs.map((b) => [b.kind, b.page, 1]),
    )
    // Every current blob was written by the rotating batch, re-sealed under the new key.
    const written = new Set(rotation.blobs.map((b) => b.hash))
    for (const blob of after.blobs) expect(written.has(blob.hash)).toBe(true)
    expect(after.info.programKey).not.toEqual(before.info.programKey)
    expectKeyAbsent(after, before.info.programKey)
    for (const old of before.blobs)
      expect(() => openStateBlob(token, after.info.programKey, old)).toThrow(
        expect.objectContaining({ code: 'ENCLAVE_SEAL_OPEN_FAILED' }),
      )

    // The next batch reads the rotated state, and counts again from 0.
    const readA = world.push(await world.seal(3n, A, kinds.call, balanceOfBody(A)))
    await world.run(3n)
    expect(decodeBalance(world.result(readA).returnData)).toBe(supply - x)
    expect((await world.state()).info).toMatchObject({ keyVersion: 1, execCount: 1 })
  })

  test('behavior: with keepHistory the old key is retained in Info and the old blobs open with it', async () => {
    const world = new RotationWorld()
    await deployAndTransfer(world, { rotateEvery: 2, keepHistory: true })
    const before = await world.state()
    world.push(await world.seal(2n, A, kinds.call, transferBody(C, 1n)))
    await world.run(2n)
    const after = await world.state()
    expect(after.info).toMatchObject({ keyVersion: 1, keepHistory: true })
    expect(after.info.retainedKeys).toEqual([before.info.programKey])
    expect(after.blobs.every((b) => b.keyVersion === 1)).toBe(true)
    for (const old of before.blobs) {
      expect(openStateBlob(token, after.info.retainedKeys[0]!, old).length).toBeGreaterThan(0)
      expect(() => openStateBlob(token, after.info.programKey, old)).toThrow()
    }
  })

  test('behavior: the first write in a new epoch ratchets with that epoch secret; an ACL change or a read does not', async () => {
    const world = new RotationWorld()
    world.keyring.create(1n)
    world.chain.register(token2)
    const never = { rotateEvery: 0, keepHistory: false }
    world.push(await world.seal(1n, A, kinds.deploy, rotatingTokenBody(amount128(), never)))
    world.push(await world.seal(1n, A, kinds.deploy, rotatingTokenBody(amount128(), never), token2))
    for (const to of [B, C]) world.push(await world.seal(1n, A, kinds.call, transferBody(to, 5n)))
    await world.run(1n)
    // rotateEvery 0 in one epoch: calls never ratchet, nor count.
    expect((await world.state()).info).toMatchObject({ keyVersion: 0, execCount: 0 })
    const epoch0 = await world.state()

    // Epoch 1: an ACL change re-seals token2's Info under epoch 1, a read of the token changes nothing.
    world.push(
      await world.seal(2n, A, kinds.acl, encodeAclBody({ acl: [A, B], newAdmin: zeroAddress }), token2),
    )
    world.push(await world.seal(2n, A, kinds.call, balanceOfBody(A)))
    const quiet = await world.run(2n, 1n)
    expect(quiet.body.updates.map((u) => u.program)).toEqual([token2])
    expect(quiet.body.reads.map((r) => r.program)).toEqual([token])
    const acl = await world.state(token2)
    expect(acl).toMatchObject({ infoEpoch: 1, info: { keyVersion: 0, keyEpoch: 0n, acl: [A, B] } })
    expect(acl.blobs.every((b) => b.keyVersion === 0)).toBe(true)

    // The token's first write in epoch 1 ratchets with E_1.
    world.push(await world.seal(3n, A, kinds.call, transferBody(C, 1n)))
    await world.run(3n, 1n)
    const ratcheted = await world.state()
    expect(ratcheted).toMatchObject({ infoEpoch: 1, info: { keyVersion: 1, keyEpoch: 1n } })
    const e1 = world.keyring.exportSecret(1n)
    expect(ratcheted.info.programKey).toEqual(ratchetProgramKey(epoch0.info.programKey, e1, token, 1))
    e1.fill(0)
    expect(ratcheted.blobs.every((b) => b.keyVersion === 1)).toBe(true)
    expectKeyAbsent(ratcheted, epoch0.info.programKey)

    // A second write in epoch 1 does not ratchet again; token2's first write does.
    world.push(await world.seal(4n, A, kinds.call, transferBody(B, 1n)))
    world.push(await world.seal(4n, A, kinds.call, transferBody(B, 1n), token2))
    await world.run(4n, 1n)
    expect((await world.state()).info.keyVersion).toBe(1)
    expect((await world.state(token2)).info).toMatchObject({ keyVersion: 1, keyEpoch: 1n, acl: [A, B] })
  })

  test('behavior: two enclaves holding the same epoch secrets produce the same commit bodies through rotations', async () => {
    const keyrings = [new EpochKeyring(), new EpochKeyring()] as const
    for (const epoch of [0n, 1n]) {
      keyrings[0].create(epoch)
      const secret = keyrings[0].exportSecret(epoch)
      keyrings[1].add(epoch, secret)
      secret.fill(0)
    }
    const worlds = keyrings.map((keyring) => new RotationWorld(keyring))
    const seal = worlds[0]!.seal
    const script = [
      await seal(
        1n,
        A,
        kinds.deploy,
        rotatingTokenBody(amount128() << 8n, { rotateEvery: 2, keepHistory: true }),
      ),
      await seal(1n, A, kinds.call, transferBody(B, amount128())),
      await seal(2n, B, kinds.call, balanceOfBody(B)),
      await seal(2n, A, kinds.call, transferBody(C, 3n)),
      await seal(3n, A, kinds.call, transferBody(C, 4n)),
    ]
    const cuts: [bigint, bigint][] = [
      [1n, 0n],
      [2n, 0n],
      [3n, 1n],
    ]
    const outputs: BatchOutput[][] = []
    for (const world of worlds) {
      for (const sealed of script) world.push(sealed)
      const mine: BatchOutput[] = []
      for (const [toBlock, epoch] of cuts) mine.push(await world.run(toBlock, epoch))
      outputs.push(mine)
    }
    // Batch 2 rotates by count (3 calls), batch 3 by the new epoch.
    expect((await worlds[0]!.state()).info).toMatchObject({ keyVersion: 2, keyEpoch: 1n })
    const [first, second] = outputs as [BatchOutput[], BatchOutput[]]
    for (const [i, a] of first.entries()) {
      const b = second[i]!
      expect(toJson(b.body)).toBe(toJson(a.body))
      expect(b.commitId).toBe(a.commitId)
      expect(toJson(b.blobs)).toBe(toJson(a.blobs))
      expect(b.signature).not.toBe(a.signature)
    }
  })
})

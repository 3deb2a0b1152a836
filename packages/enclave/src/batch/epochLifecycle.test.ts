/**
 * D4 across an epoch rotation, in process: the batch that first covers the grace period's end
 * re-seals every Info still under the old epoch, the old secret is then erased, and after that
 * nothing the enclave holds opens the previous state, even with every old blob kept; an idle
 * program still runs; a request to the old epoch is served during the grace period.
 */

import { parseSealedBlob, requestKinds } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { openBlob } from '../crypto/blobSealer.js'
import { retiredEpochs } from './epochTransition.js'
import { A, amount128, B, beneficiary, chainId, kinds, mc, token } from './test/batchWorld.js'
import { seal, send } from './test/client.js'
import { programAddress } from './test/FakeChain.js'
import { RotationWorld, rotatingTokenBody } from './test/rotationWorld.js'
import { balanceOfBody, decodeBalance, transferBody } from './test/token.js'

const idle = programAddress(2)
const GRACE = 2n

/** A request sealed to `epoch`'s request key, as a user who read that epoch from the chain. */
async function sealToEpoch(
  world: RotationWorld,
  epoch: bigint,
  block: bigint,
  body: Uint8Array,
  program = token,
  caller: Address = A,
) {
  const sealed = await seal({
    chainId,
    mc,
    requestPublicKey: bytesToHex(world.keyring.requestKeyPair(epoch).publicKey),
    epoch,
    blockNumber: block,
    kind: requestKinds.call,
    program,
    caller,
    body,
    gasLimit: 200_000n,
  })
  return send(world.chain, sealed)
}

async function runEpoch(world: RotationWorld, toBlock: bigint, epoch: bigint, rotationBlock: bigint) {
  const output = await world.enclave.executeBatch({
    epoch,
    epochStart: { rotationBlock, gracePeriod: GRACE, programCount: 2n },
    facts: world.chain,
    blobs: world.chain,
    input: { ...world.chain.batchInput(toBlock, beneficiary), programs: [token, idle] },
  })
  world.chain.commit(output)
  world.outputs.push(output)
  return output
}

/** Tries every key the keyring still derives, and the current program keys, on every old blob. */
function opensWithAnythingHeld(world: RotationWorld, blobs: Map<Hex, Uint8Array>, keys: Uint8Array[]) {
  const opened: Hex[] = []
  for (const [hash, bytes] of blobs) {
    let header: ReturnType<typeof parseSealedBlob>
    try {
      header = parseSealedBlob(bytes)
    } catch {
      continue // heads and bundles are public or sealed per request
    }
    const candidates = [...world.keyring.epochs().map((e) => world.keyring.managementKey(e)), ...keys]
    for (const program of [token, idle] as Address[])
      for (const key of candidates)
        try {
          openBlob({ key, expected: { kind: header.kind, program, page: 0n, chainId, mc }, blob: bytes })
          opened.push(hash)
        } catch {
          // expected: the blob is sealed under a key nobody holds any more
        }
  }
  return opened
}

describe('epoch rotation in the batch (D4)', () => {
  test('re-seal at the grace end, erase E_0, old state unreadable, idle program runs', async () => {
    const world = new RotationWorld()
    world.chain.register(idle)
    const supply = amount128() << 8n
    const x = amount128()
    world.push(
      await world.seal(
        1n,
        A,
        kinds.deploy,
        rotatingTokenBody(supply, { rotateEvery: 1, keepHistory: false }),
      ),
    )
    world.push(
      await world.seal(
        1n,
        A,
        kinds.deploy,
        rotatingTokenBody(supply, { rotateEvery: 0, keepHistory: false }),
        idle,
      ),
    )
    world.push(await world.seal(1n, A, kinds.call, transferBody(B, x)))
    await world.run(1n)
    const epoch0Blobs = new Map(world.chain.blobs)
    const epoch0State = await world.state(token)

    // Block 3: the rotation to epoch 1 (the enclave took E_1 from its grant), and a request
    // still encrypted to epoch 0: served during the grace period.
    world.keyring.create(1n)
    world.chain.push({
      blockNumber: 3n,
      kind: requestKinds.rotate,
      program: '0x0000000000000000000000000000000000000000',
      caller: B,
      epoch: 1n,
      gasLimit: 0n,
      payload: '0x',
      rotationStructHash: `0x${'44'.repeat(32)}`,
    })
    const late = send(world.chain, await world.seal(3n, A, kinds.call, transferBody(B, 1n)))
    const rotationBatch = await runEpoch(world, 3n, 1n, 3n)
    expect(world.result(late).status).toBe(0)
    expect(rotationBatch.body.updates.map((u) => u.program)).toEqual([token]) // not yet the idle one
    expect((await world.state(idle)).infoEpoch).toBe(0)

    // Block 5 = rotationBlock + G: the first batch reaching it re-seals the idle program's Info.
    const read = await sealToEpoch(world, 1n, 5n, balanceOfBody(B), token, B)
    const reseal = await runEpoch(world, 5n, 1n, 3n)
    expect(decodeBalance(world.result(read).returnData)).toBe(x + 1n)
    expect(reseal.body.updates.map((u) => u.program)).toContain(idle)
    expect((await world.state(idle)).infoEpoch).toBe(1)
    expect((await world.state(token)).infoEpoch).toBe(1)

    // That commit is on chain: E_0 may go, and goes.
    const last = await world.chain.lastCommit()
    expect(
      retiredEpochs({
        held: world.keyring.epochs(),
        epoch: 1n,
        start: { rotationBlock: 3n, gracePeriod: GRACE },
        last,
      }),
    ).toEqual([0n])
    const current = [(await world.state(token)).info.programKey]
    // While E_0 is held, the old Info blobs (and through them K_0) still open: the check bites.
    expect(opensWithAnythingHeld(world, epoch0Blobs, current).length).toBeGreaterThan(0)
    world.keyring.erase(0n)
    expect(world.keyring.epochs()).toEqual([1n])

    // Nothing held opens any epoch-0 blob: not the management key of epoch 1, not the current
    // program keys (token ratcheted with E_1 and discarded history; idle keeps K_0, so its own
    // old blobs still open: its key never rotated, which is what rotateEvery 0 asks for).
    expect(opensWithAnythingHeld(world, epoch0Blobs, current)).toEqual([])
    for (const blob of epoch0State.blobs)
      expect(() =>
        openBlob({
          key: current[0]!,
          expected: { kind: blob.kind, program: token, page: blob.page, chainId, mc },
          blob: blob.bytes,
        }),
      ).toThrow()

    // The idle program, untouched for two epochs of this test, still runs.
    const idleRead = await sealToEpoch(world, 1n, 6n, balanceOfBody(A), idle)
    await runEpoch(world, 6n, 1n, 3n)
    expect(decodeBalance(world.result(idleRead).returnData)).toBe(supply)
  })

  test('error: a re-seal batch without the complete program list is unproven', async () => {
    const world = new RotationWorld()
    world.chain.register(idle)
    world.push(
      await world.seal(
        1n,
        A,
        kinds.deploy,
        rotatingTokenBody(amount128(), { rotateEvery: 0, keepHistory: false }),
      ),
    )
    await world.run(1n)
    world.keyring.create(1n)
    await sealToEpoch(world, 1n, 4n, balanceOfBody(A))
    const attempt = (programs: Address[]) =>
      world.enclave.executeBatch({
        epoch: 1n,
        epochStart: { rotationBlock: 2n, gracePeriod: GRACE, programCount: 2n },
        facts: world.chain,
        blobs: world.chain,
        input: { ...world.chain.batchInput(4n, beneficiary), programs },
      })
    for (const programs of [[], [token], [token, token], [token, programAddress(9)]])
      await expect(attempt(programs)).rejects.toMatchObject({ code: 'ENCLAVE_BATCH_UNPROVEN' })
    await expect(attempt([idle, token])).resolves.toBeDefined()
  })
})

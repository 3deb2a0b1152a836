import { randomBytes } from 'node:crypto'
import { type ProgramInfoV1, programRuntimes, ratchetProgramKey } from '@racetee/protocol'
import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { EpochKeyring } from '../keys/epochKeys.js'
import { ratchetProgram, rotationStep, wipeProgramKeys } from './ratchetProgram.js'

const program = getAddress('0x00000000000000000000000000000000c0de0001')

function infoWith(overrides: Partial<ProgramInfoV1> = {}): ProgramInfoV1 {
  return {
    runtime: programRuntimes.evm,
    programKey: new Uint8Array(randomBytes(32)),
    keyVersion: 0,
    keyEpoch: 0n,
    admin: program,
    acl: [],
    rotateEvery: 0,
    keepHistory: false,
    execCount: 0,
    nonce: 1n,
    resultBucketMin: 0,
    pageBucketMin: 0,
    retainedKeys: [],
    ...overrides,
  }
}

function keyringWith(...epochs: bigint[]): { keyring: EpochKeyring; secrets: Map<bigint, Uint8Array> } {
  const keyring = new EpochKeyring()
  const secrets = new Map<bigint, Uint8Array>()
  for (const epoch of epochs) {
    const secret = new Uint8Array(randomBytes(32))
    keyring.add(epoch, secret)
    secrets.set(epoch, secret)
  }
  return { keyring, secrets }
}

describe('rotationStep', () => {
  test('counts calls and ratchets when rotateEvery is reached, restarting the count', () => {
    const info = infoWith({ rotateEvery: 3, execCount: 1 })
    expect(rotationStep({ info, epoch: 0n, written: true, calls: 1 })).toEqual({
      ratchet: false,
      execCount: 2,
    })
    expect(rotationStep({ info, epoch: 0n, written: false, calls: 2 })).toEqual({
      ratchet: true,
      execCount: 0,
    })
    // Past the count in one batch: still one rotation, at its end.
    expect(rotationStep({ info, epoch: 0n, written: true, calls: 7 })).toEqual({
      ratchet: true,
      execCount: 0,
    })
  })

  test('behavior: the first write in a new epoch ratchets whatever rotateEvery, and restarts the count', () => {
    for (const rotateEvery of [0, 5]) {
      const info = infoWith({ rotateEvery, execCount: rotateEvery === 0 ? 0 : 2, keyEpoch: 1n })
      expect(rotationStep({ info, epoch: 2n, written: true, calls: 1 })).toEqual({
        ratchet: true,
        execCount: 0,
      })
      // No write in the new epoch (an ACL change, a read): no epoch ratchet.
      expect(rotationStep({ info, epoch: 2n, written: false, calls: 0 })).toEqual({
        ratchet: false,
        execCount: info.execCount,
      })
      // A later write in the same epoch: no epoch ratchet either.
      expect(rotationStep({ info, epoch: 1n, written: true, calls: 0 }).ratchet).toBe(false)
    }
  })

  test('behavior: rotateEvery 0 never counts; no call leaves the count as it was', () => {
    expect(rotationStep({ info: infoWith(), epoch: 0n, written: true, calls: 9 })).toEqual({
      ratchet: false,
      execCount: 0,
    })
    const counting = infoWith({ rotateEvery: 2, execCount: 1 })
    expect(rotationStep({ info: counting, epoch: 0n, written: true, calls: 0 })).toEqual({
      ratchet: false,
      execCount: 1,
    })
  })

  test('error: a negative or fractional call count is a RangeError', () => {
    for (const calls of [-1, 1.5, Number.NaN])
      expect(() => rotationStep({ info: infoWith(), epoch: 0n, written: false, calls })).toThrow(RangeError)
  })
})

describe('ratchetProgram', () => {
  test('derives K_p,v+1 with the epoch secret, bumps the version, takes the epoch and drops the old key', () => {
    const { keyring, secrets } = keyringWith(0n, 1n)
    const info = infoWith({ keyVersion: 3, keyEpoch: 0n, rotateEvery: 2, execCount: 1 })
    const old = info.programKey.slice()
    const next = ratchetProgram({ keyring, epoch: 1n, program, info, execCount: 0 })
    expect(next.programKey).toEqual(ratchetProgramKey(old, secrets.get(1n)!, program, 4))
    expect(next.programKey).not.toEqual(ratchetProgramKey(old, secrets.get(0n)!, program, 4))
    expect(next).toMatchObject({ keyVersion: 4, keyEpoch: 1n, execCount: 0, retainedKeys: [] })
    // The old key's buffer is zeroed: nothing keeps K_p,v without keepHistory.
    expect(info.programKey.every((b) => b === 0)).toBe(true)
    wipeProgramKeys(next)
    expect(next.programKey.every((b) => b === 0)).toBe(true)
  })

  test('behavior: keepHistory appends a copy of the old key, so retainedKeys[v] is K_p,v', () => {
    const { keyring } = keyringWith(0n)
    const k0 = new Uint8Array(randomBytes(32))
    const v0 = infoWith({ keepHistory: true, programKey: k0.slice() })
    const v1 = ratchetProgram({ keyring, epoch: 0n, program, info: v0, execCount: 0 })
    const k1 = v1.programKey.slice()
    const v2 = ratchetProgram({ keyring, epoch: 0n, program, info: v1, execCount: 0 })
    expect(v2.keyVersion).toBe(2)
    expect(v2.retainedKeys).toEqual([k0, k1])
    // Fresh buffers: wiping the history of v2 leaves nothing shared with the inputs.
    expect(v2.retainedKeys[0]).not.toBe(v1.retainedKeys[0])
    wipeProgramKeys(v2)
    expect(v2.retainedKeys.every((key) => key.every((b) => b === 0))).toBe(true)
  })

  test('error: an epoch whose secret is not held is ENCLAVE_EPOCH_UNKNOWN', () => {
    const { keyring } = keyringWith(0n)
    expect(() => ratchetProgram({ keyring, epoch: 1n, program, info: infoWith(), execCount: 0 })).toThrow(
      expect.objectContaining({ code: 'ENCLAVE_EPOCH_UNKNOWN' }),
    )
  })
})

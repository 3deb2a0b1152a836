/**
 * Per-program key rotation at the end of a batch (D4 "Per-program rotation", P5
 * `K_p,v+1 = HKDF(K_p,v ‖ E_e, "racetee/v1/ratchet" ‖ p ‖ v+1)`).
 *
 * The rule, applied once per program at the end of each batch to its Info as the batch left it:
 * - A program *written* by the batch (execution changed its code, a page or its nonce; an
 *   Info-only change such as an ACL change is no write) whose key was derived in an older epoch
 *   (`keyEpoch < epoch`) ratchets once with `E_epoch`, whatever `rotateEvery`: the first write in
 *   a new epoch always ratchets (D4). `execCount` restarts at 0 (a rotation just happened).
 * - Otherwise, when `rotateEvery > 0`, `execCount` grows by the number of call requests (kind
 *   call) the batch addressed to the program, written or not and whatever their outcome (the
 *   counter is in Info, so counting is an Info change); nested calls from other programs do not
 *   count. When `execCount >= rotateEvery` the program ratchets once and `execCount` restarts at
 *   0: the rotation happens at the end of the batch in which the count is reached, at most once
 *   per batch.
 * A ratchet from v to v+1 sets `programKey = K_p,v+1` (derived with `E_epoch`), `keyVersion =
 * v+1`, `keyEpoch = epoch`. Under `keepHistory` the old key is appended to `retainedKeys`, so
 * `retainedKeys[i]` is `K_p,i` and `retainedKeys.length === keyVersion` (keepHistory is fixed at
 * deploy); without it the old key is wiped and dropped. The caller re-seals every blob of the
 * program under the new key (`sealProgram`'s `rekey`), so current state never needs an old key.
 * `epoch` is the batch's epoch, the newest it covers: a batch that spans an epoch rotation
 * ratchets at its end with the new epoch's secret, as its Info is sealed under that epoch.
 *
 * Secrets: program keys. `ratchetProgram` returns fresh key buffers the caller wipes
 * (`wipeProgramKeys`), and wipes the old key it was handed.
 */
import type { ProgramInfoV1 } from '@racetee/protocol'
import type { Address } from 'viem'
import type { EpochKeyring } from '../keys/epochKeys.js'

export type RotationStepParameters = {
  /** Info as the batch left it (ACL, nonce and deploys applied). */
  info: ProgramInfoV1
  /** The batch's epoch. */
  epoch: bigint
  /** Execution changed the program's code, a page or its nonce in this batch. */
  written: boolean
  /** Call requests (kind call) the batch addressed to the program. */
  calls: number
}

export type RotationStep = {
  /** Ratchet the program key once at the end of this batch. */
  ratchet: boolean
  /** `execCount` after the batch. */
  execCount: number
}

/** What the end of the batch does to one program's key and counter (the rule in the header). */
export function rotationStep({ info, epoch, written, calls }: RotationStepParameters): RotationStep {
  if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError('calls must be a non-negative integer')
  if (written && info.keyEpoch < epoch) return { ratchet: true, execCount: 0 }
  if (info.rotateEvery === 0 || calls === 0) return { ratchet: false, execCount: info.execCount }
  const execCount = info.execCount + calls
  return execCount >= info.rotateEvery ? { ratchet: true, execCount: 0 } : { ratchet: false, execCount }
}

export type RatchetProgramParameters = {
  keyring: EpochKeyring
  /** The batch's epoch: its secret `E_epoch` enters the ratchet. */
  epoch: bigint
  program: Address
  /** SECRET: Info holding `K_p,v`; its `programKey` buffer is wiped here. */
  info: ProgramInfoV1
  /** `execCount` of the new Info. */
  execCount: number
}

/**
 * Info with `K_p,v+1` (D4). The returned `programKey` and `retainedKeys` are fresh buffers the
 * caller wipes; `info.programKey` is zeroed here: call this only after the program's unchanged
 * blobs have been read under the old key.
 */
export function ratchetProgram(parameters: RatchetProgramParameters): ProgramInfoV1 {
  const { keyring, epoch, program, info, execCount } = parameters
  const nextVersion = info.keyVersion + 1
  const programKey = keyring.ratchet(epoch, info.programKey, program, nextVersion)
  // keepHistory: the old key joins the history (a copy: the old buffer is wiped below).
  const retainedKeys = info.keepHistory
    ? [...info.retainedKeys.map((key) => key.slice()), info.programKey.slice()]
    : []
  info.programKey.fill(0) // SECRET: K_p,v is dropped (D4: forward secrecy rests on erasure).
  return { ...info, programKey, keyVersion: nextVersion, keyEpoch: epoch, execCount, retainedKeys }
}

/** Zeroes the key buffers of an Info this module returned. */
export function wipeProgramKeys(info: ProgramInfoV1): void {
  info.programKey.fill(0)
  for (const key of info.retainedKeys) key.fill(0)
}

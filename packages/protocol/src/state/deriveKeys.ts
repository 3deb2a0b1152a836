/**
 * Key derivations of P5 (D4): HKDF-SHA256, empty salt, 32 bytes out. Pure functions over bytes:
 * they derive, they do not store. Secrets: every input key (`epochSecret`, `programKey`) and
 * every output is secret; the caller wipes them. Intermediate buffers made here are wiped here.
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { type Address, concat, type Hex } from 'viem'
import { addressBytes } from '../encoding/addressBytes.js'
import { bytes32, fixedBytes } from '../encoding/fixedBytes.js'
import { labelBytes, protocolLabels } from '../encoding/labelBytes.js'
import { u32, u64 } from '../encoding/uintBytes.js'

const KEY_LENGTH = 32

function derive(ikm: Uint8Array, info: Uint8Array): Uint8Array {
  try {
    return hkdf(sha256, ikm, new Uint8Array(0), info, KEY_LENGTH)
  } finally {
    ikm.fill(0)
  }
}

/** `requestSecret_e = HKDF(E_e, "racetee/v1/request-key" ‖ u64 e)`: the epoch's X25519 private key. */
export function deriveRequestSecret(epochSecret: Uint8Array, epoch: bigint): Uint8Array {
  const info = concat([labelBytes(protocolLabels.requestKey), u64(epoch, 'epoch')])
  return derive(fixedBytes(epochSecret, 32, 'epochSecret'), info)
}

/** `managementKey_e = HKDF(E_e, "racetee/v1/management-key" ‖ u64 e)`: seals Info (layer 1). */
export function deriveManagementKey(epochSecret: Uint8Array, epoch: bigint): Uint8Array {
  const info = concat([labelBytes(protocolLabels.managementKey), u64(epoch, 'epoch')])
  return derive(fixedBytes(epochSecret, 32, 'epochSecret'), info)
}

/** `K_p,0 = HKDF(E_e, "racetee/v1/program-key" ‖ program ‖ acc_deploy)`. */
export function deriveProgramKey(epochSecret: Uint8Array, program: Address, accDeploy: Hex): Uint8Array {
  const info = concat([
    labelBytes(protocolLabels.programKey),
    addressBytes(program, 'program'),
    bytes32(accDeploy, 'accDeploy'),
  ])
  return derive(fixedBytes(epochSecret, 32, 'epochSecret'), info)
}

/** `K_p,v+1 = HKDF(K_p,v ‖ E_e, "racetee/v1/ratchet" ‖ program ‖ u32 (v+1))`: one-way (D4). */
export function ratchetProgramKey(
  programKey: Uint8Array,
  epochSecret: Uint8Array,
  program: Address,
  nextVersion: number,
): Uint8Array {
  const info = concat([
    labelBytes(protocolLabels.ratchet),
    addressBytes(program, 'program'),
    u32(nextVersion, 'nextVersion'),
  ])
  const k = fixedBytes(programKey, 32, 'programKey')
  const e = fixedBytes(epochSecret, 32, 'epochSecret')
  const ikm = concat([k, e])
  k.fill(0)
  e.fill(0)
  return derive(ikm, info)
}

/** `prevrandao = HKDF(E_e, "racetee/v1/random" ‖ acc_before)` (D4 "Confidential randomness"). */
export function derivePrevrandao(epochSecret: Uint8Array, accBefore: Hex): Uint8Array {
  const info = concat([labelBytes(protocolLabels.random), bytes32(accBefore, 'accBefore')])
  return derive(fixedBytes(epochSecret, 32, 'epochSecret'), info)
}

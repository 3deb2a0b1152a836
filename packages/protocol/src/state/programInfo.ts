/**
 * `ProgramInfoV1` (P5), the plaintext of a program's Info blob, sealed under the epoch's
 * management key (layer 1 of D4): `0x01 ‖ abi(uint8 runtime, bytes32 programKey, uint32
 * keyVersion, uint64 keyEpoch, address admin, address[] acl, uint32 rotateEvery, bool
 * keepHistory, uint32 execCount, uint64 nonce, uint32 resultBucketMin, uint32 pageBucketMin,
 * bytes32[] retainedKeys)`. Encoded unpadded; the sealer pads to 128 · 2^i.
 *
 * Secrets: `programKey` and `retainedKeys` are program keys. They are bytes, never hex, so they
 * do not end up in logs by accident; the encoded plaintext is secret too, and the caller wipes it.
 */
import { type Address, bytesToHex, encodeAbiParameters, hexToBytes } from 'viem'
import { type ProgramRuntime, programRuntimes } from '../constants/requestKinds.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { bytes32 } from '../encoding/fixedBytes.js'
import { stripVersion, withVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type ProgramInfoV1 = {
  runtime: ProgramRuntime
  /** Secret: `K_p,v`. */
  programKey: Uint8Array
  keyVersion: number
  /** The epoch in which `keyVersion` was derived (a new epoch always ratchets, D4). */
  keyEpoch: bigint
  admin: Address
  acl: Address[]
  rotateEvery: number
  keepHistory: boolean
  execCount: number
  /** The EVM account nonce. */
  nonce: bigint
  resultBucketMin: number
  pageBucketMin: number
  /** Secret: older keys, oldest first; empty unless `keepHistory`. */
  retainedKeys: Uint8Array[]
}

const programInfoAbi = [
  { name: 'runtime', type: 'uint8' },
  { name: 'programKey', type: 'bytes32' },
  { name: 'keyVersion', type: 'uint32' },
  { name: 'keyEpoch', type: 'uint64' },
  { name: 'admin', type: 'address' },
  { name: 'acl', type: 'address[]' },
  { name: 'rotateEvery', type: 'uint32' },
  { name: 'keepHistory', type: 'bool' },
  { name: 'execCount', type: 'uint32' },
  { name: 'nonce', type: 'uint64' },
  { name: 'resultBucketMin', type: 'uint32' },
  { name: 'pageBucketMin', type: 'uint32' },
  { name: 'retainedKeys', type: 'bytes32[]' },
] as const

export function encodeProgramInfo(info: ProgramInfoV1): Uint8Array {
  if (!info.keepHistory && info.retainedKeys.length > 0)
    throw new RangeError('info.retainedKeys must be empty unless info.keepHistory')
  const encoded = encodeAbiParameters(programInfoAbi, [
    info.runtime,
    bytesToHex(bytes32(info.programKey, 'info.programKey')),
    info.keyVersion,
    info.keyEpoch,
    info.admin,
    info.acl,
    info.rotateEvery,
    info.keepHistory,
    info.execCount,
    info.nonce,
    info.resultBucketMin,
    info.pageBucketMin,
    info.retainedKeys.map((k, i) => bytesToHex(bytes32(k, `info.retainedKeys[${i}]`))),
  ])
  return withVersion(hexToBytes(encoded))
}

export function decodeProgramInfo(bytes: Uint8Array): ProgramInfoV1 {
  const [
    runtime,
    programKey,
    keyVersion,
    keyEpoch,
    admin,
    acl,
    rotateEvery,
    keepHistory,
    execCount,
    nonce,
    resultBucketMin,
    pageBucketMin,
    retainedKeys,
  ] = decodeAbiStrict(programInfoAbi, stripVersion(bytes, 'ProgramInfoV1'), 'ProgramInfoV1')
  if (runtime !== programRuntimes.evm && runtime !== programRuntimes.js) fail(`runtime ${runtime}`)
  if (!keepHistory && retainedKeys.length > 0) fail('retainedKeys without keepHistory')
  return {
    runtime,
    programKey: hexToBytes(programKey),
    keyVersion,
    keyEpoch,
    admin,
    acl: [...acl],
    rotateEvery,
    keepHistory,
    execCount,
    nonce,
    resultBucketMin,
    pageBucketMin,
    retainedKeys: retainedKeys.map((k) => hexToBytes(k)),
  }
}

function fail(details: string): never {
  throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'ProgramInfoV1 is malformed.', { details })
}

/**
 * Body of a deploy request (P3): `abi(uint8 runtime, bytes code, ProgramConfig config)`, with
 * `ProgramConfig = (address[] acl, uint32 rotateEvery, bool keepHistory, uint32 resultBucketMin,
 * uint32 pageBucketMin)`. Decoding is strict (canonical ABI only) and PROTOCOL_MALFORMED on any
 * fault, which the enclave turns into the `malformedRequest` outcome.
 */
import { type Address, bytesToHex, encodeAbiParameters, hexToBytes } from 'viem'
import { type ProgramRuntime, programRuntimes } from '../constants/requestKinds.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { assertUint } from '../encoding/uintBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type ProgramConfig = {
  /** Who may call the program; empty means public (D5 "Access"). */
  acl: Address[]
  /** Ratchet the program key every N executions; 0 never (except at a new epoch, D4). */
  rotateEvery: number
  /** Keep old program keys (and so old state readable), or discard them (D4). */
  keepHistory: boolean
  /** Smallest result bucket; 0 means the default 128 (P3). */
  resultBucketMin: number
  /** Smallest page and index bucket; 0 means the default 128 (P3). */
  pageBucketMin: number
}

export type DeployBody = {
  runtime: ProgramRuntime
  /** EVM init code (creation bytecode with constructor arguments) or the JS program. */
  code: Uint8Array
  config: ProgramConfig
}

export const programConfigAbi = {
  type: 'tuple',
  components: [
    { name: 'acl', type: 'address[]' },
    { name: 'rotateEvery', type: 'uint32' },
    { name: 'keepHistory', type: 'bool' },
    { name: 'resultBucketMin', type: 'uint32' },
    { name: 'pageBucketMin', type: 'uint32' },
  ],
} as const

const deployBodyAbi = [{ type: 'uint8' }, { type: 'bytes' }, programConfigAbi] as const

export function encodeDeployBody({ runtime, code, config }: DeployBody): Uint8Array {
  assertUint(config.rotateEvery, 32, 'config.rotateEvery')
  assertUint(config.resultBucketMin, 32, 'config.resultBucketMin')
  assertUint(config.pageBucketMin, 32, 'config.pageBucketMin')
  return hexToBytes(encodeAbiParameters(deployBodyAbi, [runtime, bytesToHex(code), config]))
}

export function decodeDeployBody(body: Uint8Array): DeployBody {
  const [runtime, code, config] = decodeAbiStrict(deployBodyAbi, body, 'Deploy body')
  if (runtime !== programRuntimes.evm && runtime !== programRuntimes.js)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Deploy body names an unknown runtime.', {
      details: `runtime ${runtime}`,
    })
  return {
    runtime,
    code: hexToBytes(code),
    config: { ...config, acl: [...config.acl] },
  }
}

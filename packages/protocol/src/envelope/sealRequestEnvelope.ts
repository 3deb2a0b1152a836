/**
 * The client side of P3: pad a request body, HPKE-seal it to the epoch's request key with the
 * request's `info` and `aad`, and keep `resultBase = Export("racetee/v1/result", 32)` (P4) so the
 * caller can persist it before sending (D8).
 *
 * Secrets: `body` is the caller's plaintext (the padded copy is wiped in `sealEnvelope`). The
 * returned `resultBase` is secret: persist it, derive result keys from it, then wipe it.
 */
import type { Address } from 'viem'
import type { RequestKind } from '../constants/requestKinds.js'
import { protocolLabels } from '../encoding/labelBytes.js'
import { DEFAULT_BUCKET_MIN, REQUEST_BUCKET_COUNT } from '../padding/padToBucket.js'
import { requestInfo } from './hpkeInfo.js'
import { requestAad } from './requestAad.js'
import { sealEnvelope } from './sealEnvelope.js'

/** Length of `resultBase` (P4). */
export const RESULT_BASE_LENGTH = 32
/** The largest request bucket: 128 · 2^10 = 128 KiB (P3). */
export const REQUEST_BUCKET_MAX = DEFAULT_BUCKET_MIN * 2 ** (REQUEST_BUCKET_COUNT - 1)

export type SealRequestEnvelopeParameters = {
  /** The epoch's X25519 request public key, as the MC publishes it (32 bytes). */
  recipientPublicKey: Uint8Array | `0x${string}`
  chainId: bigint | number
  /** The management contract. */
  mc: Address
  epoch: bigint | number
  program: Address
  /** The account that will send the request (the MC binds it as `caller`). */
  caller: Address
  kind: RequestKind
  /** The unpadded body: calldata, `encodeDeployBody(...)` or `encodeAclBody(...)`. */
  body: Uint8Array
  /** Smallest bucket to use, one of 128 · 2^i (default 128); hides more of the length. */
  minBucket?: number
}

export type SealRequestEnvelopeReturnType = {
  /** `0x01 ‖ enc ‖ ciphertext`: the `payload` of `request(...)`. */
  envelope: Uint8Array
  /** Secret: derives this request's result key (P4). */
  resultBase: Uint8Array
}

export async function sealRequestEnvelope(
  parameters: SealRequestEnvelopeParameters,
): Promise<SealRequestEnvelopeReturnType> {
  const { chainId, mc, epoch, program, caller, kind, body } = parameters
  const { envelope, exported } = await sealEnvelope({
    recipientPublicKey: parameters.recipientPublicKey,
    info: requestInfo(chainId, mc, epoch),
    aad: requestAad(program, caller, kind),
    body,
    minBucket: parameters.minBucket ?? DEFAULT_BUCKET_MIN,
    exporterLabel: protocolLabels.result,
  })
  return { envelope, resultBase: exported }
}

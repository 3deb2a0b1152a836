/**
 * The client side of P3: pad a request body, HPKE-seal it to the epoch's request key with the
 * request's `info` and `aad`, and keep `resultBase = Export("racetee/v1/result", 32)` (P4) so the
 * caller can persist it before sending (D8).
 *
 * Secrets: `body` is the caller's plaintext; the padded copy made here is wiped once sealed.
 * The returned `resultBase` is secret: persist it, derive result keys from it, then wipe it.
 */
import type { Address } from 'viem'
import type { RequestKind } from '../constants/requestKinds.js'
import { fixedBytes } from '../encoding/fixedBytes.js'
import { labelBytes, protocolLabels } from '../encoding/labelBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { DEFAULT_BUCKET_MIN, padToBucket, REQUEST_BUCKET_COUNT } from '../padding/padToBucket.js'
import { hpkeInfo } from './hpkeInfo.js'
import { HPKE_ENC_LENGTH, hpkeSuite } from './hpkeSuite.js'
import { requestAad } from './requestAad.js'
import { encodeRequestEnvelope } from './requestEnvelope.js'

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
  const minBucket = parameters.minBucket ?? DEFAULT_BUCKET_MIN
  const maxBuckets = requestBucketCount(minBucket)
  const publicKey = fixedBytes(parameters.recipientPublicKey, HPKE_ENC_LENGTH, 'recipientPublicKey')
  const info = hpkeInfo(protocolLabels.request, chainId, mc, epoch)
  const aad = requestAad(program, caller, kind)
  const suite = hpkeSuite()

  let recipientPublicKey: Awaited<ReturnType<typeof suite.kem.deserializePublicKey>>
  try {
    recipientPublicKey = await suite.kem.deserializePublicKey(publicKey)
  } catch (cause) {
    throw new RaceteeError(errorCodes.PROTOCOL_KEY_INVALID, 'Request public key is not an X25519 key.', {
      details: 'recipientPublicKey',
      cause,
    })
  }
  const padded = padToBucket(body, minBucket, maxBuckets)
  try {
    let context: Awaited<ReturnType<typeof suite.createSenderContext>>
    try {
      context = await suite.createSenderContext({ recipientPublicKey, info })
    } catch (cause) {
      // A low-order point gives an all-zero shared secret, which HPKE refuses (RFC 9180 §7.1.4).
      throw new RaceteeError(errorCodes.PROTOCOL_KEY_INVALID, 'Request public key is not usable.', {
        details: 'recipientPublicKey',
        cause,
      })
    }
    const ciphertext = new Uint8Array(await context.seal(padded, aad))
    const resultBase = new Uint8Array(
      await context.export(labelBytes(protocolLabels.result), RESULT_BASE_LENGTH),
    )
    return { envelope: encodeRequestEnvelope({ enc: new Uint8Array(context.enc), ciphertext }), resultBase }
  } finally {
    padded.fill(0)
  }
}

/** How many request buckets remain from `minBucket` up to 128 KiB; RangeError unless it is 128 · 2^i, i ≤ 10. */
function requestBucketCount(minBucket: number): number {
  for (let i = 0; i < REQUEST_BUCKET_COUNT; i++)
    if (minBucket === DEFAULT_BUCKET_MIN * 2 ** i) return REQUEST_BUCKET_COUNT - i
  throw new RangeError(`minBucket must be 128 · 2^i for i in 0..10, got ${minBucket}`)
}

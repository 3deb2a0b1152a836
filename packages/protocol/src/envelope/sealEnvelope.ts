/**
 * The HPKE core shared by request and read-query envelopes (P3, P8): pad the body to a request
 * bucket, seal it single-shot to `recipientPublicKey` with `info` and `aad`, and export one
 * 32-byte secret from the same context (`resultBase` or the read answer key).
 *
 * Secrets: the padded copy of `body` is wiped here; the exported secret is the caller's.
 */
import { fixedBytes } from '../encoding/fixedBytes.js'
import { labelBytes, type ProtocolLabel } from '../encoding/labelBytes.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { DEFAULT_BUCKET_MIN, padToBucket, REQUEST_BUCKET_COUNT } from '../padding/padToBucket.js'
import { HPKE_ENC_LENGTH, hpkeSuite } from './hpkeSuite.js'
import { encodeRequestEnvelope } from './requestEnvelope.js'

export type SealEnvelopeParameters = {
  recipientPublicKey: Uint8Array | `0x${string}`
  info: Uint8Array
  aad: Uint8Array
  body: Uint8Array
  minBucket: number
  exporterLabel: ProtocolLabel
}

export async function sealEnvelope(
  parameters: SealEnvelopeParameters,
): Promise<{ envelope: Uint8Array; exported: Uint8Array }> {
  const { info, aad, body, minBucket, exporterLabel } = parameters
  const maxBuckets = requestBucketCount(minBucket)
  const publicKey = fixedBytes(parameters.recipientPublicKey, HPKE_ENC_LENGTH, 'recipientPublicKey')
  const suite = hpkeSuite()
  let recipientPublicKey: Awaited<ReturnType<typeof suite.kem.deserializePublicKey>>
  try {
    recipientPublicKey = await suite.kem.deserializePublicKey(publicKey)
  } catch (cause) {
    throw new RaceteeError(errorCodes.PROTOCOL_KEY_INVALID, 'Recipient public key is not an X25519 key.', {
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
      throw new RaceteeError(errorCodes.PROTOCOL_KEY_INVALID, 'Recipient public key is not usable.', {
        details: 'recipientPublicKey',
        cause,
      })
    }
    const ciphertext = new Uint8Array(await context.seal(padded, aad))
    const exported = new Uint8Array(await context.export(labelBytes(exporterLabel), 32))
    return { envelope: encodeRequestEnvelope({ enc: new Uint8Array(context.enc), ciphertext }), exported }
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

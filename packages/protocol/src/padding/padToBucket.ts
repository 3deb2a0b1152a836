/**
 * Length hiding by size buckets (P3, D4 "Lengths"): `body ‖ 0x80 ‖ 0x00…` up to the smallest
 * bucket `minBucket · 2^i` (i < maxBuckets) that holds `len(body) + 1`. ISO/IEC 7816-4
 * padding: the marker makes every bucket length decodable and the zero fill is canonical.
 */
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

/** The default (and smallest) bucket: 128 bytes (P3; `0` in a ProgramConfig means this). */
export const DEFAULT_BUCKET_MIN = 128
/** Request buckets are `128 · 2^i` for i = 0 … 10: 128 B to 128 KiB (P3). */
export const REQUEST_BUCKET_COUNT = 11

/** A program's configured bucket minimum: `0` means the default (P3 ProgramConfig). */
export function resolveBucketMin(configured: number): number {
  return configured === 0 ? DEFAULT_BUCKET_MIN : configured
}

/** The bucket size for a body of `length` bytes, or null when none of the buckets holds it. */
export function bucketFor(length: number, minBucket: number, maxBuckets: number): number | null {
  checkBuckets(minBucket, maxBuckets)
  let bucket = minBucket
  for (let i = 0; i < maxBuckets; i++) {
    if (length + 1 <= bucket) return bucket
    bucket *= 2
    if (!Number.isSafeInteger(bucket)) return null
  }
  return null
}

/**
 * Pads `body` to its bucket. `maxBuckets` may be `Infinity` for formats without an upper
 * bound (results, state blobs). Throws PROTOCOL_TOO_LARGE when no bucket holds the body.
 */
export function padToBucket(body: Uint8Array, minBucket: number, maxBuckets: number): Uint8Array {
  const bucket = bucketFor(body.length, minBucket, maxBuckets)
  if (bucket === null)
    throw new RaceteeError(errorCodes.PROTOCOL_TOO_LARGE, 'Body is larger than the largest bucket.', {
      details: `${body.length} bytes, buckets ${minBucket} · 2^i for i < ${maxBuckets}`,
    })
  const out = new Uint8Array(bucket)
  out.set(body)
  out[body.length] = 0x80
  return out
}

export function checkBuckets(minBucket: number, maxBuckets: number): void {
  if (!Number.isSafeInteger(minBucket) || minBucket < 1)
    throw new RangeError(`minBucket must be a positive integer, got ${minBucket}`)
  if (!(maxBuckets === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxBuckets) && maxBuckets >= 1)))
    throw new RangeError(`maxBuckets must be a positive integer or Infinity, got ${maxBuckets}`)
}

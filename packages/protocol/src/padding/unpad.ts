/**
 * Removes P3 padding: the last non-zero byte must be the 0x80 marker. With `minBucket` (and
 * `maxBuckets`), the padded length must also be one of the buckets, so one body has exactly one
 * padded form. Faults are PROTOCOL_MALFORMED; the message never quotes the (secret) bytes.
 */
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { checkBuckets } from './padToBucket.js'

export function unpad(
  padded: Uint8Array,
  minBucket?: number,
  maxBuckets: number = Number.POSITIVE_INFINITY,
): Uint8Array {
  if (minBucket !== undefined && !isBucketLength(padded.length, minBucket, maxBuckets))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Padded length is not a bucket size.', {
      details: `${padded.length} bytes, buckets ${minBucket} · 2^i for i < ${maxBuckets}`,
    })
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (end < 0 || padded[end] !== 0x80)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Padding has no 0x80 marker.', {
      details: `${padded.length} bytes`,
    })
  return padded.slice(0, end)
}

/** True when `length` is `minBucket · 2^i` for some i < maxBuckets. */
export function isBucketLength(length: number, minBucket: number, maxBuckets: number): boolean {
  checkBuckets(minBucket, maxBuckets)
  let bucket = minBucket
  for (let i = 0; i < maxBuckets && bucket <= length; i++) {
    if (bucket === length) return true
    bucket *= 2
  }
  return false
}

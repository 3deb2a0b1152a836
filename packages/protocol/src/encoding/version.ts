/**
 * The version byte that starts every encoded blob and envelope (P0). A reader refuses any
 * other version with PROTOCOL_UNSUPPORTED_VERSION, and an empty input as malformed.
 */
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export const PROTOCOL_VERSION = 1

/** Returns `0x01 ‖ payload`. */
export function withVersion(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1)
  out[0] = PROTOCOL_VERSION
  out.set(payload, 1)
  return out
}

/** Checks the version byte of `bytes` (a `what`, named in the error) and returns the rest. */
export function stripVersion(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length === 0)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, `${what} is empty.`, { details: 'no version byte' })
  if (bytes[0] !== PROTOCOL_VERSION)
    throw new RaceteeError(errorCodes.PROTOCOL_UNSUPPORTED_VERSION, `${what} has an unsupported version.`, {
      details: `version byte ${bytes[0]}`,
    })
  return bytes.subarray(1)
}

/**
 * The request envelope (P3): `0x01 ‖ enc (32) ‖ ciphertext (AES-256-GCM, tag last)`. Also the
 * query envelope of reads (P8). Parsing checks only the frame; whether `enc` is a valid X25519
 * key is the enclave's question (a bad one gets the public `envelopeInvalid`, P3).
 */

import { stripVersion, withVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { HPKE_ENC_LENGTH, HPKE_TAG_LENGTH } from './hpkeSuite.js'

export type RequestEnvelope = {
  /** The sender's ephemeral X25519 public key. */
  enc: Uint8Array
  /** HPKE ciphertext of the padded body, 16-byte tag last. */
  ciphertext: Uint8Array
}

export function encodeRequestEnvelope({ enc, ciphertext }: RequestEnvelope): Uint8Array {
  if (enc.length !== HPKE_ENC_LENGTH)
    throw new RangeError(`enc must be ${HPKE_ENC_LENGTH} bytes, got ${enc.length}`)
  if (ciphertext.length < HPKE_TAG_LENGTH)
    throw new RangeError(
      `ciphertext must hold at least the ${HPKE_TAG_LENGTH}-byte tag, got ${ciphertext.length}`,
    )
  const out = new Uint8Array(HPKE_ENC_LENGTH + ciphertext.length)
  out.set(enc)
  out.set(ciphertext, HPKE_ENC_LENGTH)
  return withVersion(out)
}

/** Splits an envelope; PROTOCOL_UNSUPPORTED_VERSION or PROTOCOL_MALFORMED when the frame is wrong. */
export function parseRequestEnvelope(envelope: Uint8Array): RequestEnvelope {
  const rest = stripVersion(envelope, 'Request envelope')
  if (rest.length < HPKE_ENC_LENGTH + HPKE_TAG_LENGTH)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Request envelope is too short.', {
      details: `${envelope.length} bytes`,
    })
  return { enc: rest.slice(0, HPKE_ENC_LENGTH), ciphertext: rest.slice(HPKE_ENC_LENGTH) }
}

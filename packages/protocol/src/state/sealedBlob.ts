/**
 * The frame of every sealed blob at rest (P5): `0x01 ‖ u8 kind ‖ u32 keyVersion ‖ nonce (12) ‖
 * AES-256-GCM-SIV ciphertext (tag last)`. The nonce travels in the header so a reader need not
 * know `acc_w`; the AAD (`sealAad`) binds everything a reader expects.
 */
import { type BlobKind, blobKinds } from '../constants/blobKinds.js'
import { u8, u32 } from '../encoding/uintBytes.js'
import { stripVersion, withVersion } from '../encoding/version.js'
import { SIV_NONCE_LENGTH } from '../envelope/resultKey.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

/** AES-GCM-SIV tag length. */
export const SIV_TAG_LENGTH = 16
/** Bytes before the ciphertext: version, kind, keyVersion, nonce. */
export const SEALED_BLOB_HEADER_LENGTH = 1 + 1 + 4 + SIV_NONCE_LENGTH

export type SealedBlob = {
  kind: BlobKind
  /** `v` of `K_p,v` for code, index and pages; the epoch for Info (P5). */
  keyVersion: number
  nonce: Uint8Array
  ciphertext: Uint8Array
}

const knownKinds = new Set<number>(Object.values(blobKinds))

export function encodeSealedBlob({ kind, keyVersion, nonce, ciphertext }: SealedBlob): Uint8Array {
  if (nonce.length !== SIV_NONCE_LENGTH) throw new RangeError(`nonce must be ${SIV_NONCE_LENGTH} bytes`)
  if (ciphertext.length < SIV_TAG_LENGTH)
    throw new RangeError('ciphertext must hold at least the 16-byte tag')
  const out = new Uint8Array(SEALED_BLOB_HEADER_LENGTH - 1 + ciphertext.length)
  out.set(u8(kind, 'kind'))
  out.set(u32(keyVersion, 'keyVersion'), 1)
  out.set(nonce, 5)
  out.set(ciphertext, 5 + SIV_NONCE_LENGTH)
  return withVersion(out)
}

export function parseSealedBlob(blob: Uint8Array): SealedBlob {
  const rest = stripVersion(blob, 'Sealed blob')
  if (rest.length < SEALED_BLOB_HEADER_LENGTH - 1 + SIV_TAG_LENGTH)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Sealed blob is too short.', {
      details: `${blob.length} bytes`,
    })
  const kind = rest[0]!
  if (!knownKinds.has(kind))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Sealed blob has an unknown kind.', {
      details: `kind ${kind}`,
    })
  const keyVersion = new DataView(rest.buffer, rest.byteOffset + 1, 4).getUint32(0)
  return {
    kind: kind as BlobKind,
    keyVersion,
    nonce: rest.slice(5, 5 + SIV_NONCE_LENGTH),
    ciphertext: rest.slice(5 + SIV_NONCE_LENGTH),
  }
}

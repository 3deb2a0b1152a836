/**
 * Sealing parameters of a read answer (P8): key `HPKE Export("racetee/v1/read-answer", 32)` of
 * the query's context (unique to one query, so the nonce is 12 zero bytes), aad
 * `keccak(query envelope)`. The client opens with `openReadAnswer`.
 *
 * Secrets: the answer key and the plaintext; wiped here except the caller's `answerKey`.
 */
import { gcmsiv } from '@noble/ciphers/aes.js'
import { keccak256 } from 'viem'
import { fixedBytes } from '../encoding/fixedBytes.js'
import { SIV_NONCE_LENGTH } from '../envelope/resultKey.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { unpad } from '../padding/unpad.js'
import { decodeReadAnswerV1, type ReadAnswerV1 } from './readAnswer.js'

export const READ_ANSWER_NONCE: Uint8Array = new Uint8Array(SIV_NONCE_LENGTH)

/** `aad = keccak(query envelope)`. */
export function readAnswerAad(queryEnvelope: Uint8Array): Uint8Array {
  return keccak256(queryEnvelope, 'bytes')
}

export type OpenReadAnswerParameters = {
  answerKey: Uint8Array
  queryEnvelope: Uint8Array
  sealed: Uint8Array
}

export function openReadAnswer({ answerKey, queryEnvelope, sealed }: OpenReadAnswerParameters): ReadAnswerV1 {
  const key = fixedBytes(answerKey, 32, 'answerKey')
  let padded: Uint8Array
  try {
    padded = gcmsiv(key, READ_ANSWER_NONCE.slice(), readAnswerAad(queryEnvelope)).decrypt(sealed)
  } catch {
    throw new RaceteeError(errorCodes.PROTOCOL_DECRYPT_FAILED, 'Sealed read answer does not open.', {
      details: `${sealed.length} bytes`,
    })
  } finally {
    key.fill(0)
  }
  try {
    return decodeReadAnswerV1(unpad(padded))
  } finally {
    padded.fill(0)
  }
}

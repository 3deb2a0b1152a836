/**
 * The client side of P4: open the sealed result of one's own request from a results bundle
 * entry. AES-256-GCM-SIV (RFC 8452) from `@noble/ciphers`; key, nonce and aad from
 * `resultKey`, `resultNonce`, `resultAad`.
 *
 * Secrets: `resultBase`, the derived key and the padded plaintext; the key and the padded copy
 * are wiped here, `resultBase` is the caller's to wipe. Errors never quote plaintext.
 */
import { gcmsiv } from '@noble/ciphers/aes.js'
import type { Address, Hex } from 'viem'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'
import { unpad } from '../padding/unpad.js'
import { decodeResultV1, type ResultV1 } from '../result/resultV1.js'
import { resultAad, resultKey, resultNonce } from './resultKey.js'

export type OpenResultParameters = {
  /** Secret, from `sealRequestEnvelope`. */
  resultBase: Uint8Array
  /** The request's sequence number (from its `Request` event). */
  seq: bigint
  /** `acc_seq`, as in the bundle entry. */
  acc: Hex
  chainId: bigint | number
  mc: Address
  program: Address
  /** The bundle entry's `sealed` bytes. */
  sealed: Uint8Array
}

export function openResult(parameters: OpenResultParameters): ResultV1 {
  const { resultBase, seq, acc, chainId, mc, program, sealed } = parameters
  const key = resultKey(resultBase, seq, acc)
  let padded: Uint8Array
  try {
    padded = gcmsiv(key, resultNonce(seq, acc), resultAad(chainId, mc, program, seq)).decrypt(sealed)
  } catch {
    throw new RaceteeError(errorCodes.PROTOCOL_DECRYPT_FAILED, 'Sealed result does not open.', {
      details: `seq ${seq}, ${sealed.length} bytes`,
    })
  } finally {
    key.fill(0)
  }
  try {
    return decodeResultV1(unpad(padded))
  } finally {
    padded.fill(0)
  }
}

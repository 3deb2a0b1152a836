/**
 * ABI decoding that accepts only the canonical encoding. viem's decoder tolerates trailing
 * bytes, dirty padding and non-standard offsets; a second byte string for the same value would
 * let one request or blob hash two ways. So the decoded value is re-encoded and must give back
 * the input byte for byte. Any failure is PROTOCOL_MALFORMED (a fault of the input, not a bug).
 */
import {
  type AbiParameter,
  bytesToHex,
  type DecodeAbiParametersReturnType,
  decodeAbiParameters,
  encodeAbiParameters,
} from 'viem'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export function decodeAbiStrict<const params extends readonly AbiParameter[]>(
  params: params,
  data: Uint8Array,
  what: string,
): DecodeAbiParametersReturnType<params> {
  let decoded: DecodeAbiParametersReturnType<params>
  try {
    decoded = decodeAbiParameters(params, data)
  } catch {
    // viem's decoding errors quote the data, which may be plaintext: the cause is not kept.
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, `${what} is not valid ABI.`, {
      details: `${data.length} bytes`,
    })
  }
  // viem decodes out-of-range words (a uint8 with dirty high bytes) without complaint; encoding
  // them back throws, which is as much a sign of a non-canonical input as a mismatch.
  let again: string | null
  try {
    // biome-ignore lint/suspicious/noExplicitAny: viem's generic encode/decode types do not line up
    again = encodeAbiParameters(params, decoded as any)
  } catch {
    again = null
  }
  if (again !== bytesToHex(data))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, `${what} is not canonical ABI.`, {
      details: `${data.length} bytes`,
    })
  return decoded
}

/**
 * The code blob plaintext (P5): `u8 runtime ‖ runtime bytecode` (EVM) or `u8 runtime ‖ JS
 * program`. The runtime byte plays the role of the version byte here (P5 gives no other).
 */
import { type ProgramRuntime, programRuntimes } from '../constants/requestKinds.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type CodeBlob = { runtime: ProgramRuntime; code: Uint8Array }

export function encodeCodeBlob({ runtime, code }: CodeBlob): Uint8Array {
  if (runtime !== programRuntimes.evm && runtime !== programRuntimes.js)
    throw new RangeError(`runtime must be 1 (evm) or 2 (js), got ${runtime}`)
  const out = new Uint8Array(code.length + 1)
  out[0] = runtime
  out.set(code, 1)
  return out
}

export function decodeCodeBlob(bytes: Uint8Array): CodeBlob {
  const runtime = bytes[0]
  if (runtime !== programRuntimes.evm && runtime !== programRuntimes.js)
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Code blob names an unknown runtime.', {
      details: runtime === undefined ? 'empty' : `runtime ${runtime}`,
    })
  return { runtime, code: bytes.slice(1) }
}

/**
 * The plaintext of the enclave's sealed state (D4 table: identity keys and epoch secrets are
 * "sealed"; D10: never regenerated at boot). A fixed binary layout rather than ABI or JSON, so
 * every secret sits in a byte buffer the caller can wipe (hex strings cannot be zeroed):
 *
 * ```
 * secrets = 0x01 ‖ signingKey (32) ‖ encryptionKey (32) ‖ u32 n ‖ n × (u64 epoch ‖ E_epoch (32))
 * ```
 * Epochs ascending, no duplicates. Everything here is SECRET; `encodeEnclaveSecrets` returns a
 * fresh buffer and `decodeEnclaveSecrets` returns views into a copy; callers wipe both.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import { errorCodes, RaceteeError, u32, u64 } from '@racetee/protocol'
import type { EnclaveIdentitySecrets } from '../keys/enclaveIdentity.js'
import { EPOCH_SECRET_LENGTH } from '../keys/epochKeys.js'

export const ENCLAVE_SECRETS_VERSION = 1
const HEADER = 1 + 32 + 32 + 4
const ENTRY = 8 + EPOCH_SECRET_LENGTH

export type EnclaveSecrets = {
  identity: EnclaveIdentitySecrets
  /** SECRET: epoch secrets, ascending by epoch. */
  epochs: { epoch: bigint; secret: Uint8Array }[]
}

export function encodeEnclaveSecrets(secrets: EnclaveSecrets): Uint8Array {
  abytes(secrets.identity.signingKey, 32, 'signingKey')
  abytes(secrets.identity.encryptionKey, 32, 'encryptionKey')
  const out = new Uint8Array(HEADER + ENTRY * secrets.epochs.length)
  out[0] = ENCLAVE_SECRETS_VERSION
  out.set(secrets.identity.signingKey, 1)
  out.set(secrets.identity.encryptionKey, 33)
  out.set(u32(secrets.epochs.length, 'epochs.length'), 65)
  let previous = -1n
  for (const [i, { epoch, secret }] of secrets.epochs.entries()) {
    if (epoch <= previous) throw new RangeError('epochs must be strictly ascending')
    abytes(secret, EPOCH_SECRET_LENGTH, `epochs[${i}].secret`)
    out.set(u64(epoch, `epochs[${i}].epoch`), HEADER + i * ENTRY)
    out.set(secret, HEADER + i * ENTRY + 8)
    previous = epoch
  }
  return out
}

/** Throws ENCLAVE_SEAL_OPEN_FAILED when the layout is wrong (the AEAD opened, so a bug or a new format). */
export function decodeEnclaveSecrets(bytes: Uint8Array): EnclaveSecrets {
  const copy = bytes.slice()
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength)
  if (copy.length < HEADER || copy[0] !== ENCLAVE_SECRETS_VERSION) throw malformed(`${copy.length} bytes`)
  const n = view.getUint32(65)
  if (copy.length !== HEADER + n * ENTRY) throw malformed(`${copy.length} bytes for ${n} epochs`)
  const epochs: EnclaveSecrets['epochs'] = []
  for (let i = 0; i < n; i++) {
    const at = HEADER + i * ENTRY
    const epoch = view.getBigUint64(at)
    if (i > 0 && epoch <= epochs[i - 1]!.epoch) throw malformed('epochs not ascending')
    epochs.push({ epoch, secret: copy.subarray(at + 8, at + ENTRY) })
  }
  return {
    identity: { signingKey: copy.subarray(1, 33), encryptionKey: copy.subarray(33, 65) },
    epochs,
  }
}

/** Zeroes every secret buffer of `secrets`. */
export function wipeEnclaveSecrets(secrets: EnclaveSecrets): void {
  secrets.identity.signingKey.fill(0)
  secrets.identity.encryptionKey.fill(0)
  for (const { secret } of secrets.epochs) secret.fill(0)
}

function malformed(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Sealed enclave state is malformed.', {
    details,
  })
}

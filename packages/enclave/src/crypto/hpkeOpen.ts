/**
 * HPKE on the enclave side (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM), following docs/protocol.md P3 (request envelopes), P4 (`resultBase`) and P7
 * (provisioned secrets). Built on `@hpke/core`.
 *
 * `openRequestEnvelope` separates the three cases of P3, which are data, never thrown:
 * - `envelopeInvalid`: `enc` is not an X25519 public key (wrong length, or a low-order point
 *   whose shared secret is zero). No key schedule runs, so no result key exists (public status).
 * - `decryptFailed`: the key schedule succeeded but the AEAD did not open (tampered ciphertext,
 *   or another info/aad: account, program, kind, chain, MC, epoch). The exporter is available
 *   before `open`, so `resultBase` exists and only the envelope's maker can read the result.
 * - `opened`: the padded body and `resultBase`.
 * Anything else the library throws is a fault (RaceteeError ENCLAVE_CRYPTO_FAILED), never an
 * outcome, or two enclaves could disagree (D5).
 *
 * Swap point: the batch executor depends on the `RequestEnvelopeOpener` shape only, so issue 7
 * can replace `@hpke/core` (about 740 opens/s) with an HPKE on node:crypto checked against the
 * RFC 9180 vectors.
 *
 * Secrets: `recipientSecretKey` is the caller's (the epoch's request key, P5); it is imported
 * once into a CryptoKey and never copied here, and the caller wipes it. `plaintext` and
 * `resultBase` returned to the caller are secret: the caller wipes them once sealed/used.
 * @module
 */
import {
  type CipherSuite,
  DecapError,
  DeserializeError,
  OpenError,
  type RecipientContextParams,
} from '@hpke/core'
import { equalBytes } from '@noble/ciphers/utils.js'
import { x25519 } from '@noble/curves/ed25519.js'
import { abytes } from '@noble/hashes/utils.js'
import {
  errorCodes,
  hpkeSuite,
  labelBytes,
  protocolLabels,
  RaceteeError,
  RESULT_BASE_LENGTH,
} from '@racetee/protocol'

/** Exporter context of a request's result base (P4): `"racetee/v1/result"`. */
export const RESULT_EXPORTER_CONTEXT: Uint8Array = labelBytes(protocolLabels.result)
/** Length of `resultBase` in bytes (P4), defined once in @racetee/protocol. */
export { RESULT_BASE_LENGTH }
/** X25519 key and `enc` length in bytes (RFC 9180 §7.1: Nenc = Npk = Nsk = 32). */
export const X25519_KEY_LENGTH = 32

/** The one suite of RaceTEE (P3, P7): KEM 0x0020, KDF 0x0001, AEAD 0x0002, from @racetee/protocol. */
const suite = hpkeSuite()

/** The imported recipient key pair (WebCrypto keys held by @hpke/core). */
type RecipientKey = RecipientContextParams['recipientKey']

export type OpenRequestEnvelopeParameters = {
  /** The envelope's `enc` (32 bytes expected; any other length gives `envelopeInvalid`). */
  enc: Uint8Array
  /** AES-256-GCM ciphertext with its 16-byte tag last. */
  ciphertext: Uint8Array
  /** `"racetee/v1/request" ‖ u256 chainId ‖ MC ‖ u64 epoch` (P3), built by the caller. */
  info: Uint8Array
  /** `program ‖ caller ‖ u8 kind` (P3), built by the caller. */
  aad: Uint8Array
}

export type OpenRequestEnvelopeReturnType =
  | { kind: 'envelopeInvalid' }
  | { kind: 'decryptFailed'; resultBase: Uint8Array }
  | { kind: 'opened'; plaintext: Uint8Array; resultBase: Uint8Array }

/** What the batch executor needs: one recipient key imported once, many envelopes opened. */
export type RequestEnvelopeOpener = {
  /** The recipient's X25519 public key (the epoch's request public key). */
  readonly publicKey: Uint8Array
  open(parameters: OpenRequestEnvelopeParameters): Promise<OpenRequestEnvelopeReturnType>
}

export type CreateRequestEnvelopeOpenerParameters = {
  /** SECRET: the X25519 private key (32 bytes). Not retained as bytes; the caller wipes it. */
  recipientSecretKey: Uint8Array
  /** The matching public key (32 bytes), checked against the secret when given. */
  recipientPublicKey?: Uint8Array | undefined
}

function cryptoFault(operation: string, cause: unknown): RaceteeError {
  // The cause is a library error about key handling; it names no key bytes.
  return new RaceteeError(errorCodes.ENCLAVE_CRYPTO_FAILED, 'HPKE operation failed.', {
    details: operation,
    cause,
  })
}

async function importRecipientKey(
  recipientSecretKey: Uint8Array,
  recipientPublicKey: Uint8Array | undefined,
): Promise<{ key: RecipientKey; publicKey: Uint8Array }> {
  abytes(recipientSecretKey, X25519_KEY_LENGTH, 'recipientSecretKey')
  if (recipientPublicKey !== undefined) abytes(recipientPublicKey, X25519_KEY_LENGTH, 'recipientPublicKey')
  // Public key derived with noble's X25519 (P5: the request key pair). A given one must match:
  // a wrong pkR in the KEM context would make every envelope silently `decryptFailed`.
  const publicKey = x25519.getPublicKey(recipientSecretKey)
  if (recipientPublicKey !== undefined && !equalBytes(publicKey, recipientPublicKey))
    throw new RangeError('recipientPublicKey does not match recipientSecretKey')
  try {
    // `importKey` copies the bytes into a CryptoKey; the caller's buffer stays the caller's.
    // SECRET: the temporary ArrayBuffer copy of the private key is wiped right after import.
    const secretCopy = copyBuffer(recipientSecretKey)
    const privateKey = await suite.kem.importKey('raw', secretCopy, false).finally(() => {
      new Uint8Array(secretCopy).fill(0)
    })
    const publicCryptoKey = await suite.kem.importKey('raw', copyBuffer(publicKey), true)
    return { key: { privateKey, publicKey: publicCryptoKey }, publicKey }
  } catch (err) {
    throw cryptoFault('import recipient key', err)
  }
}

/** A fresh ArrayBuffer holding `bytes` (the library's `importKey` takes an ArrayBuffer). */
function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length)
  new Uint8Array(out).set(bytes)
  return out
}

/**
 * Imports the recipient key once and returns an opener for many envelopes (P3). The opener holds
 * the key as a WebCrypto CryptoKey, which cannot be zeroed: drop every opener of an epoch when
 * its secret is erased (`EpochKeyring.erase`), so the key becomes unreachable.
 */
export async function createRequestEnvelopeOpener(
  parameters: CreateRequestEnvelopeOpenerParameters,
): Promise<RequestEnvelopeOpener> {
  const { key, publicKey } = await importRecipientKey(
    parameters.recipientSecretKey,
    parameters.recipientPublicKey,
  )
  return {
    publicKey,
    open: (p) => openWithKey(key, p),
  }
}

async function openWithKey(
  recipientKey: RecipientKey,
  parameters: OpenRequestEnvelopeParameters,
): Promise<OpenRequestEnvelopeReturnType> {
  const { enc, ciphertext, info, aad } = parameters
  abytes(enc, undefined, 'enc')
  abytes(ciphertext, undefined, 'ciphertext')
  abytes(info, undefined, 'info')
  abytes(aad, undefined, 'aad')
  // P3: an `enc` of the wrong length is no X25519 public key: public `envelopeInvalid`.
  if (enc.length !== X25519_KEY_LENGTH) return { kind: 'envelopeInvalid' }

  let context: Awaited<ReturnType<CipherSuite['createRecipientContext']>>
  try {
    context = await suite.createRecipientContext({ recipientKey, enc, info })
  } catch (err) {
    // DeserializeError: enc not importable; DecapError: the X25519 output is all zero (a
    // low-order point, RFC 9180 §7.1.4). Both mean "enc does not parse" in P3's sense.
    if (err instanceof DeserializeError || err instanceof DecapError) return { kind: 'envelopeInvalid' }
    throw cryptoFault('create recipient context', err)
  }

  // SECRET: resultBase, handed to the caller, who wipes it after sealing the result (P4).
  let resultBase: Uint8Array
  try {
    resultBase = new Uint8Array(await context.export(RESULT_EXPORTER_CONTEXT, RESULT_BASE_LENGTH))
  } catch (err) {
    throw cryptoFault('export result base', err)
  }

  try {
    // SECRET: plaintext, the padded request body; the caller wipes it after execution.
    const plaintext = new Uint8Array(await context.open(ciphertext, aad))
    return { kind: 'opened', plaintext, resultBase }
  } catch (err) {
    if (err instanceof OpenError) return { kind: 'decryptFailed', resultBase }
    resultBase.fill(0)
    throw cryptoFault('open', err)
  }
}

export type OpenRequestEnvelopeParametersWithKey = OpenRequestEnvelopeParameters &
  CreateRequestEnvelopeOpenerParameters

/**
 * One-off form of `createRequestEnvelopeOpener(...).open(...)`. It imports the key on every
 * call; the batch executor should keep an opener per epoch instead.
 */
export async function openRequestEnvelope(
  parameters: OpenRequestEnvelopeParametersWithKey,
): Promise<OpenRequestEnvelopeReturnType> {
  const opener = await createRequestEnvelopeOpener(parameters)
  return opener.open(parameters)
}

export type SealToRecipientParameters = {
  /** The recipient enclave's X25519 encryption key (32 bytes). */
  recipientPublicKey: Uint8Array
  /** SECRET (e.g. an epoch secret): not retained; the caller wipes it. */
  plaintext: Uint8Array
  /** `"racetee/v1/provision" ‖ u256 chainId ‖ MC ‖ u64 epoch` (P7), built by the caller. */
  info: Uint8Array
  /** The recipient's address (P7), or as the caller's format requires. */
  aad: Uint8Array
}

/**
 * P7 provisioning, single shot: returns `enc ‖ ciphertext` to the recipient's encryption key.
 * Draws a fresh ephemeral key: provisioning happens at admission and rotation, never while
 * executing (D4 "Determinism").
 */
export async function sealToRecipient(parameters: SealToRecipientParameters): Promise<Uint8Array> {
  const { recipientPublicKey, plaintext, info, aad } = parameters
  abytes(recipientPublicKey, X25519_KEY_LENGTH, 'recipientPublicKey')
  abytes(plaintext, undefined, 'plaintext')
  abytes(info, undefined, 'info')
  abytes(aad, undefined, 'aad')
  let enc: ArrayBuffer
  let ct: ArrayBuffer
  try {
    const publicKey = await suite.kem.importKey('raw', copyBuffer(recipientPublicKey), true)
    ;({ enc, ct } = await suite.seal({ recipientPublicKey: publicKey, info }, plaintext, aad))
  } catch (err) {
    throw cryptoFault('seal to recipient', err)
  }
  const out = new Uint8Array(enc.byteLength + ct.byteLength)
  out.set(new Uint8Array(enc), 0)
  out.set(new Uint8Array(ct), enc.byteLength)
  return out
}

export type OpenFromSenderParameters = {
  /** SECRET: the recipient enclave's X25519 private key (32 bytes); the caller wipes it. */
  recipientSecretKey: Uint8Array
  /** `enc ‖ ciphertext` as produced by `sealToRecipient`. */
  sealed: Uint8Array
  info: Uint8Array
  aad: Uint8Array
}

/**
 * Opens a P7 provisioned secret. A sealed value that does not open is a fault here (a proven
 * admission or rotation carried it), so it throws ENCLAVE_SEAL_OPEN_FAILED. The returned
 * plaintext is SECRET: the caller stores it in its keyring and wipes this buffer.
 */
export async function openFromSender(parameters: OpenFromSenderParameters): Promise<Uint8Array> {
  const { recipientSecretKey, sealed, info, aad } = parameters
  abytes(sealed, undefined, 'sealed')
  const opener = await createRequestEnvelopeOpener({ recipientSecretKey })
  const opened = await opener.open({
    enc: sealed.subarray(0, X25519_KEY_LENGTH),
    ciphertext: sealed.subarray(X25519_KEY_LENGTH),
    info,
    aad,
  })
  if (opened.kind === 'opened') {
    opened.resultBase.fill(0)
    return opened.plaintext
  }
  if (opened.kind === 'decryptFailed') opened.resultBase.fill(0)
  throw new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Provisioned secret did not open.', {
    details: opened.kind === 'envelopeInvalid' ? 'enc is not an X25519 public key' : 'AEAD open failed',
  })
}

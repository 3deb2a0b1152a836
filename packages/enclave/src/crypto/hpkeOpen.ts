/**
 * HPKE on the enclave side (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM), following docs/protocol.md P3 (request envelopes), P4 (`resultBase`) and P7
 * (provisioned secrets). Opening runs on `nodeHpke.ts` (node:crypto X25519, HMAC-SHA256 and
 * AES-GCM, checked against RFC 9180 A.1.1 and differentially against `@hpke/core`; D4, issue 7):
 * about an order of magnitude more opens per second than `@hpke/core`'s WebCrypto path (numbers
 * in bench/micro/hpkeOpen.ts). Sealing to a recipient (P7, rare) stays on `@hpke/core`, the same
 * library the SDK seals requests with.
 *
 * `openRequestEnvelope` separates the three cases of P3, which are data, never thrown:
 * - `envelopeInvalid`: `enc` is not an X25519 public key (wrong length, or a low-order point
 *   whose shared secret is zero). No key schedule runs, so no result key exists (public status).
 * - `decryptFailed`: the key schedule succeeded but the AEAD did not open (tampered ciphertext,
 *   or another info/aad: account, program, kind, chain, MC, epoch). The exporter is available
 *   before `open`, so `resultBase` exists and only the envelope's maker can read the result.
 * - `opened`: the padded body and `resultBase`.
 * Anything else that fails is a fault (RaceteeError ENCLAVE_CRYPTO_FAILED), never an outcome,
 * or two enclaves could disagree (D5).
 *
 * The batch executor depends on the `RequestEnvelopeOpener` shape only; the read path may use
 * the same opener.
 *
 * Secrets: `recipientSecretKey` is the caller's (the epoch's request key, P5); it is imported
 * once into a node:crypto KeyObject and never retained as bytes here, and the caller wipes it.
 * Each envelope's key schedule is wiped once the envelope is opened. `plaintext` and
 * `resultBase` returned to the caller are secret: the caller wipes them once sealed/used.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import {
  errorCodes,
  hpkeSuite,
  labelBytes,
  protocolLabels,
  RaceteeError,
  RESULT_BASE_LENGTH,
} from '@racetee/protocol'
import { createNodeHpkeRecipient, type NodeHpkeRecipient, nodeHpkeAeads } from './nodeHpke.js'

/** Exporter context of a request's result base (P4): `"racetee/v1/result"`. */
export const RESULT_EXPORTER_CONTEXT: Uint8Array = labelBytes(protocolLabels.result)
/** Length of `resultBase` in bytes (P4), defined once in @racetee/protocol. */
export { RESULT_BASE_LENGTH }
/** X25519 key and `enc` length in bytes (RFC 9180 §7.1: Nenc = Npk = Nsk = 32). */
export const X25519_KEY_LENGTH = 32

/** The one suite of RaceTEE (P3, P7) on `@hpke/core`, for the sender side (`sealToRecipient`). */
const suite = hpkeSuite()

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

function importRecipientKey(
  recipientSecretKey: Uint8Array,
  recipientPublicKey: Uint8Array | undefined,
): NodeHpkeRecipient {
  abytes(recipientSecretKey, X25519_KEY_LENGTH, 'recipientSecretKey')
  if (recipientPublicKey !== undefined) abytes(recipientPublicKey, X25519_KEY_LENGTH, 'recipientPublicKey')
  // The public key is derived from the secret (P5: the request key pair). A given one must
  // match: a wrong pkR in the KEM context would make every envelope silently `decryptFailed`.
  const recipient = createNodeHpkeRecipient({ recipientSecretKey, aead: nodeHpkeAeads.aes256Gcm })
  if (recipientPublicKey !== undefined && !equalPublicBytes(recipient.publicKey, recipientPublicKey))
    throw new RangeError('recipientPublicKey does not match recipientSecretKey')
  return recipient
}

/** Byte equality of two public keys (public values: no constant time needed). */
function equalPublicBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** A fresh ArrayBuffer holding `bytes` (the library's `importKey` takes an ArrayBuffer). */
function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length)
  new Uint8Array(out).set(bytes)
  return out
}

/**
 * Imports the recipient key once and returns an opener for many envelopes (P3). The opener holds
 * the key as a node:crypto KeyObject, which cannot be zeroed: drop every opener of an epoch when
 * its secret is erased (`EpochKeyring.erase`), so the key becomes unreachable.
 */
export async function createRequestEnvelopeOpener(
  parameters: CreateRequestEnvelopeOpenerParameters,
): Promise<RequestEnvelopeOpener> {
  const recipient = importRecipientKey(parameters.recipientSecretKey, parameters.recipientPublicKey)
  return {
    publicKey: recipient.publicKey,
    open: async (p) => openWithRecipient(recipient, p),
  }
}

function openWithRecipient(
  recipient: NodeHpkeRecipient,
  parameters: OpenRequestEnvelopeParameters,
): OpenRequestEnvelopeReturnType {
  const { enc, ciphertext, info, aad } = parameters
  abytes(enc, undefined, 'enc')
  abytes(ciphertext, undefined, 'ciphertext')
  abytes(info, undefined, 'info')
  abytes(aad, undefined, 'aad')
  // P3: an `enc` of the wrong length, or of low order (its X25519 output is all zero, RFC 9180
  // §7.1.4), is no X25519 public key: public `envelopeInvalid`, and no key schedule exists.
  const context = recipient.setupBase({ enc, info })
  if (context === undefined) return { kind: 'envelopeInvalid' }
  let resultBase: Uint8Array | undefined
  try {
    // SECRET: resultBase, handed to the caller, who wipes it after sealing the result (P4).
    // Exported before `open`: a failed AEAD still leaves the sender a readable result.
    resultBase = context.export(RESULT_EXPORTER_CONTEXT, RESULT_BASE_LENGTH)
    // SECRET: plaintext, the padded request body; the caller wipes it after execution.
    const plaintext = context.open(ciphertext, aad)
    if (plaintext === undefined) return { kind: 'decryptFailed', resultBase }
    return { kind: 'opened', plaintext, resultBase }
  } catch (err) {
    resultBase?.fill(0)
    throw err instanceof RaceteeError ? err : cryptoFault('open', err)
  } finally {
    context.wipe()
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

/**
 * Opens a read query envelope (P8, D7 "Reads without a transaction"): HPKE base mode to the
 * epoch's request key with `info = "racetee/v1/read" ‖ chainId ‖ MC ‖ epoch` and an empty aad,
 * the body `abi(ReadQuery, signature)`, and the answer key `Export("racetee/v1/read-answer", 32)`.
 *
 * Unlike a request (P3), a query that does not open is refused outright: nothing was ordered on
 * chain, so there is no result slot to fill and nobody but the sender waits for an answer. An
 * envelope sealed for another chain, MC or epoch does not open under ours (the binding is in
 * `info`), hence ENCLAVE_READ_BINDING_MISMATCH.
 *
 * Runs on `@hpke/core` (the library the SDK seals with), not the batch's node:crypto opener: the
 * read path opens one envelope per call, and the answer key needs its own exporter label.
 *
 * Secrets: the returned `answerKey` and the query (calldata) are the caller's to wipe; the
 * padded plaintext is wiped here. The epoch's secret key is the keyring's and is not wiped.
 * @module
 */
import {
  decodeReadQueryBody,
  errorCodes,
  hpkeSuite,
  labelBytes,
  parseRequestEnvelope,
  protocolLabels,
  RaceteeError,
  type ReadQueryBody,
  readInfo,
  unpad,
} from '@racetee/protocol'
import type { Address } from 'viem'

export const READ_ANSWER_KEY_LENGTH = 32

export type OpenReadQueryParameters = {
  chainId: bigint
  mc: Address
  /** The epoch the host says the query is sealed to; its key pair opens it. */
  epoch: bigint
  /** SECRET (the keyring's): the epoch's X25519 request key pair. */
  keyPair: { secretKey: Uint8Array; publicKey: Uint8Array }
  envelope: Uint8Array
}

export type OpenedReadQuery = ReadQueryBody & {
  /** SECRET: seals the answer; the caller wipes it. */
  answerKey: Uint8Array
}

function bindingMismatch(details: string): RaceteeError {
  return new RaceteeError(
    errorCodes.ENCLAVE_READ_BINDING_MISMATCH,
    'The read query is not bound to this chain, MC and epoch.',
    { details },
  )
}

export async function openReadQuery(parameters: OpenReadQueryParameters): Promise<OpenedReadQuery> {
  const { chainId, mc, epoch, keyPair } = parameters
  // A malformed frame is the sender's fault (PROTOCOL_MALFORMED from the parser), said as is.
  const { enc, ciphertext } = parseRequestEnvelope(parameters.envelope)
  const suite = hpkeSuite()
  let padded: Uint8Array
  let answerKey: Uint8Array
  // SECRET: a copy of the epoch's secret key for the library's import, wiped below.
  const secretCopy = copyBuffer(keyPair.secretKey)
  try {
    const recipientKey = {
      privateKey: await suite.kem.importKey('raw', secretCopy, false),
      publicKey: await suite.kem.importKey('raw', copyBuffer(keyPair.publicKey), true),
    }
    const context = await suite.createRecipientContext({
      recipientKey,
      enc: copyBuffer(enc),
      info: readInfo(chainId, mc, epoch),
    })
    padded = new Uint8Array(await context.open(ciphertext, new Uint8Array(0)))
    answerKey = new Uint8Array(
      await context.export(labelBytes(protocolLabels.readAnswer), READ_ANSWER_KEY_LENGTH),
    )
  } catch {
    // A bad `enc`, another info (chain, MC, epoch) or tampering: the library says which only in
    // text computed from the envelope, so no cause is kept.
    throw bindingMismatch(`envelope does not open under epoch ${epoch}`)
  } finally {
    new Uint8Array(secretCopy).fill(0)
  }
  let body: ReadQueryBody
  try {
    body = decodeReadQueryBody(unpad(padded))
  } catch (err) {
    answerKey.fill(0)
    throw err
  } finally {
    padded.fill(0)
  }
  // The envelope's epoch is the one the account signed (the signature covers it, P8).
  if (body.query.epoch !== epoch) {
    answerKey.fill(0)
    throw bindingMismatch(`query names epoch ${body.query.epoch}, sealed to ${epoch}`)
  }
  return { ...body, answerKey }
}

/** A fresh ArrayBuffer holding `bytes` (the library takes ArrayBuffers). */
function copyBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length)
  new Uint8Array(out).set(bytes)
  return out
}

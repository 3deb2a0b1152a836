/**
 * Enclave cryptography (D4, docs/protocol.md P3–P5, P7): HPKE envelope opening and
 * provisioning, AES-256-GCM-SIV, result sealing and blob sealing at rest. Opening HPKE runs on
 * `nodeHpke` (an RFC 9180 base-mode receiver composed from node:crypto X25519, HMAC-SHA256 and
 * AES-GCM, checked against RFC 9180 A.1.1 and `@hpke/core`; issue 7); sealing HPKE (P7
 * provisioning) stays on `@hpke/core`, as in the SDK.
 *
 * Owns: the enclave's use of the primitives, the three envelope outcomes of P3, and the wiping
 * of derived keys. Does not own: byte layouts (in @racetee/protocol), keys (../keys), execution.
 * Invariants: no randomness while executing (only `sealToRecipient` draws an ephemeral key, at
 * admission and rotation); no secret in any error; sealing is deterministic.
 */
export {
  type OpenSivParameters,
  openSiv,
  type SealSivParameters,
  SIV_KEY_LENGTH,
  SIV_NONCE_LENGTH,
  SIV_TAG_LENGTH,
  sealSiv,
} from './aeadSiv.js'
export {
  type OpenBlobParameters,
  openBlob,
  parseSealedBlobHeader,
  type SealBlobParameters,
  type SealBlobWithParameters,
  type SealedBlobHeader,
  sealBlob,
  sealBlobWith,
} from './blobSealer.js'
export {
  type CreateRequestEnvelopeOpenerParameters,
  createRequestEnvelopeOpener,
  type OpenFromSenderParameters,
  type OpenRequestEnvelopeParameters,
  type OpenRequestEnvelopeParametersWithKey,
  type OpenRequestEnvelopeReturnType,
  openFromSender,
  openRequestEnvelope,
  RESULT_BASE_LENGTH,
  RESULT_EXPORTER_CONTEXT,
  type RequestEnvelopeOpener,
  type SealToRecipientParameters,
  sealToRecipient,
  X25519_KEY_LENGTH,
} from './hpkeOpen.js'
export {
  type CreateNodeHpkeRecipientParameters,
  createNodeHpkeRecipient,
  type NodeHpkeAead,
  type NodeHpkeContext,
  type NodeHpkeRecipient,
  nodeHpkeAeads,
} from './nodeHpke.js'
export {
  type OpenSealedResultParameters,
  openSealedResult,
  type ResultSealingContext,
  type SealResultParameters,
  sealResult,
} from './resultSealer.js'

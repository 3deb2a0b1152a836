/**
 * RFC 9180 base-mode HPKE RECEIVER on node:crypto: DHKEM(X25519, HKDF-SHA256) §4.1 and §7.1,
 * HKDF-SHA256 §4, KeySchedule §5.1 (mode_base, empty psk), single-shot Context.Open §5.2 (seq
 * 0) and Export §5.3, for AES-128-GCM (0x0001, RFC 9180 Appendix A.1 vectors) and AES-256-GCM
 * (0x0002, RaceTEE's suite, P3). D4 allows this composition of audited primitives (node:crypto
 * X25519, HMAC-SHA256, AES-GCM) because it is checked against RFC 9180 A.1.1 and, for our
 * suite, differentially against `@hpke/core` (nodeHpke.test.ts). The sender side stays on
 * `@hpke/core` (@racetee/protocol `sealEnvelope`); this is the enclave's hot path (issue 7).
 *
 * Outcomes are data: `setupBase` gives `undefined` when `enc` is no X25519 public key (wrong
 * length or low order, §7.1.4), and `open` gives `undefined` when the AEAD does not
 * authenticate. Both are P3 outcomes (`envelopeInvalid` / `decryptFailed` in `hpkeOpen.ts`).
 *
 * Secrets: the recipient key lives in a KeyObject imported once (drop the recipient to forget
 * it). dh, eae_prk, shared_secret and `secret` are wiped inside `setupBase`; a context's key,
 * base_nonce and exporter_secret are wiped by `wipe()`, and by `open()` once it has run.
 * Plaintext and exported values returned are the caller's to wipe.
 * @module
 */
import { createDecipheriv, type KeyObject } from 'node:crypto'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import {
  asUint8Array,
  HKDF_SHA256_LENGTH,
  hpkeSuiteId,
  kemSuiteId,
  labelBytes,
  labeledExpand,
  labeledExtract,
} from './hpkeLabeledKdf.js'
import { importX25519SecretKey, X25519_LENGTH, x25519SharedSecret } from './nodeX25519.js'

/** An AES-GCM AEAD of RFC 9180 §7.3, as node:crypto names it. */
export type NodeHpkeAead = {
  readonly id: number
  readonly cipher: 'aes-128-gcm' | 'aes-256-gcm'
  /** Nk. */
  readonly keyLength: number
}

/** The two AEADs this receiver supports: A.1's vectors use AES-128-GCM, RaceTEE AES-256-GCM. */
export const nodeHpkeAeads = {
  aes128Gcm: { id: 0x0001, cipher: 'aes-128-gcm', keyLength: 16 },
  aes256Gcm: { id: 0x0002, cipher: 'aes-256-gcm', keyLength: 32 },
} as const satisfies Record<string, NodeHpkeAead>

/** DHKEM(X25519, HKDF-SHA256). */
const KEM_ID = 0x0020
/** HKDF-SHA256. */
const KDF_ID = 0x0001
/** AES-GCM nonce length Nn and tag length Nt (RFC 9180 §7.3). */
export const AES_GCM_NONCE_LENGTH = 12
export const AES_GCM_TAG_LENGTH = 16
/** mode_base (§5). */
const MODE_BASE = 0x00

const KEM_SUITE_ID = kemSuiteId(KEM_ID)
const LABEL_EAE_PRK = labelBytes('eae_prk')
const LABEL_SHARED_SECRET = labelBytes('shared_secret')
const LABEL_PSK_ID_HASH = labelBytes('psk_id_hash')
const LABEL_INFO_HASH = labelBytes('info_hash')
const LABEL_SECRET = labelBytes('secret')
const LABEL_KEY = labelBytes('key')
const LABEL_BASE_NONCE = labelBytes('base_nonce')
const LABEL_EXP = labelBytes('exp')
const LABEL_SEC = labelBytes('sec')
const EMPTY = new Uint8Array(0)

/** The three outputs of KeySchedule (§5.1). All SECRET. */
export type NodeHpkeKeySchedule = {
  key: Uint8Array
  baseNonce: Uint8Array
  exporterSecret: Uint8Array
}

/** HPKE suite_id of `aead` with our KEM and KDF. */
export function nodeHpkeSuiteId(aead: NodeHpkeAead): Uint8Array {
  return hpkeSuiteId(KEM_ID, KDF_ID, aead.id)
}

/**
 * DHKEM ExtractAndExpand (§4.1) with kem_context = enc ‖ pkRm: the KEM shared secret (SECRET),
 * or `undefined` when `enc` is no usable X25519 public key.
 */
export function dhkemDecap(
  privateKey: KeyObject,
  recipientPublicKey: Uint8Array,
  enc: Uint8Array,
): Uint8Array | undefined {
  const dh = x25519SharedSecret(privateKey, enc)
  if (dh === undefined) return undefined
  const kemContext = new Uint8Array(2 * X25519_LENGTH)
  kemContext.set(enc, 0)
  kemContext.set(recipientPublicKey, X25519_LENGTH)
  const eaePrk = labeledExtract(KEM_SUITE_ID, EMPTY, LABEL_EAE_PRK, dh)
  dh.fill(0)
  const sharedSecret = labeledExpand(
    KEM_SUITE_ID,
    eaePrk,
    LABEL_SHARED_SECRET,
    kemContext,
    HKDF_SHA256_LENGTH,
  )
  eaePrk.fill(0)
  return sharedSecret
}

/** `key_schedule_context = mode ‖ psk_id_hash ‖ info_hash` for mode_base, empty psk_id (§5.1). */
export function keyScheduleContext(aead: NodeHpkeAead, info: Uint8Array): Uint8Array {
  const suiteId = nodeHpkeSuiteId(aead)
  const pskIdHash = labeledExtract(suiteId, EMPTY, LABEL_PSK_ID_HASH, EMPTY)
  const infoHash = labeledExtract(suiteId, EMPTY, LABEL_INFO_HASH, info)
  const out = new Uint8Array(1 + pskIdHash.length + infoHash.length)
  out[0] = MODE_BASE
  out.set(pskIdHash, 1)
  out.set(infoHash, 1 + pskIdHash.length)
  return out
}

/** KeySchedule (§5.1), mode_base with psk = "" and the given key_schedule_context. */
export function keyScheduleBase(
  aead: NodeHpkeAead,
  sharedSecret: Uint8Array,
  scheduleContext: Uint8Array,
): NodeHpkeKeySchedule {
  const suiteId = nodeHpkeSuiteId(aead)
  const secret = labeledExtract(suiteId, sharedSecret, LABEL_SECRET, EMPTY)
  try {
    return {
      key: labeledExpand(suiteId, secret, LABEL_KEY, scheduleContext, aead.keyLength),
      baseNonce: labeledExpand(suiteId, secret, LABEL_BASE_NONCE, scheduleContext, AES_GCM_NONCE_LENGTH),
      exporterSecret: labeledExpand(suiteId, secret, LABEL_EXP, scheduleContext, HKDF_SHA256_LENGTH),
    }
  } finally {
    secret.fill(0)
  }
}

/** A recipient context after SetupBaseR, for one message. */
export type NodeHpkeContext = {
  /**
   * Context.Open at seq 0 (§5.2): the plaintext (SECRET), or `undefined` when the tag does not
   * verify or the ciphertext is shorter than the tag. One call per context: the AEAD key is
   * wiped afterwards, and a second call is a fault (it would need seq 1).
   */
  open(ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | undefined
  /** Export (§5.3): `LabeledExpand(exporter_secret, "sec", exporterContext, length)`, SECRET. */
  export(exporterContext: Uint8Array, length: number): Uint8Array
  /** Zeroes key, base_nonce and exporter_secret; the context is unusable afterwards. */
  wipe(): void
}

/** A context over a key schedule; it takes ownership of `schedule` (and wipes it). */
export function createNodeHpkeContext(aead: NodeHpkeAead, schedule: NodeHpkeKeySchedule): NodeHpkeContext {
  const suiteId = nodeHpkeSuiteId(aead)
  let opened = false
  let wiped = false
  const usable = (operation: string) => {
    if (wiped || (operation === 'open' && opened))
      throw new RaceteeError(errorCodes.ENCLAVE_CRYPTO_FAILED, 'HPKE context already used.', {
        details: operation,
      })
  }
  return {
    open(ciphertext, aad) {
      usable('open')
      opened = true
      try {
        // seq 0: nonce = base_nonce XOR I2OSP(0, Nn) = base_nonce.
        return aesGcmOpen(aead, schedule.key, schedule.baseNonce, aad, ciphertext)
      } finally {
        schedule.key.fill(0)
        schedule.baseNonce.fill(0)
      }
    },
    export(exporterContext, length) {
      usable('export')
      return labeledExpand(suiteId, schedule.exporterSecret, LABEL_SEC, exporterContext, length)
    },
    wipe() {
      wiped = true
      schedule.key.fill(0)
      schedule.baseNonce.fill(0)
      schedule.exporterSecret.fill(0)
    },
  }
}

/** AES-GCM decrypt of `ciphertext ‖ tag`; `undefined` when it does not authenticate. */
function aesGcmOpen(
  aead: NodeHpkeAead,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  if (sealed.length < AES_GCM_TAG_LENGTH) return undefined
  const split = sealed.length - AES_GCM_TAG_LENGTH
  const decipher = createDecipheriv(aead.cipher, key, nonce, { authTagLength: AES_GCM_TAG_LENGTH })
  decipher.setAAD(aad)
  decipher.setAuthTag(sealed.subarray(split))
  // SECRET until authenticated: wiped when the tag fails.
  const plaintext = asUint8Array(decipher.update(sealed.subarray(0, split)))
  try {
    decipher.final()
  } catch {
    // With key, nonce and tag lengths fixed above, GCM's final() fails only on a tag mismatch.
    plaintext.fill(0)
    return undefined
  }
  return plaintext
}

/** An epoch's recipient: the X25519 key imported once, one context per envelope. */
export type NodeHpkeRecipient = {
  /** pkRm, 32 bytes. */
  readonly publicKey: Uint8Array
  /** SetupBaseR (§5.1.1): a context, or `undefined` when `enc` is no X25519 public key. */
  setupBase(parameters: { enc: Uint8Array; info: Uint8Array }): NodeHpkeContext | undefined
}

export type CreateNodeHpkeRecipientParameters = {
  /** SECRET: skRm, 32 bytes. Not retained as bytes; the caller wipes it. */
  recipientSecretKey: Uint8Array
  aead: NodeHpkeAead
}

/**
 * Imports skRm once (a KeyObject, which cannot be zeroed: drop the recipient when the key is
 * erased). The key_schedule_context of the last `info` is kept (`info` is public and, for
 * requests, the same for a whole epoch: P3), which saves two HMACs per envelope.
 */
export function createNodeHpkeRecipient(parameters: CreateNodeHpkeRecipientParameters): NodeHpkeRecipient {
  const { aead } = parameters
  const { privateKey, publicKey } = importX25519SecretKey(parameters.recipientSecretKey)
  let lastInfo: Uint8Array | undefined
  let lastScheduleContext: Uint8Array | undefined
  const scheduleContextFor = (info: Uint8Array) => {
    if (lastInfo === undefined || lastScheduleContext === undefined || !equalBytes(lastInfo, info)) {
      lastScheduleContext = keyScheduleContext(aead, info)
      lastInfo = info.slice()
    }
    return lastScheduleContext
  }
  return {
    publicKey: publicKey.slice(),
    setupBase({ enc, info }) {
      const sharedSecret = dhkemDecap(privateKey, publicKey, enc)
      if (sharedSecret === undefined) return undefined
      try {
        return createNodeHpkeContext(aead, keyScheduleBase(aead, sharedSecret, scheduleContextFor(info)))
      } finally {
        sharedSecret.fill(0)
      }
    },
  }
}

/** Byte equality for public values (info), not constant time. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

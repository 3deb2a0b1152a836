/**
 * RFC 9180 §4 LabeledExtract / LabeledExpand for HKDF-SHA256 (KDF id 0x0001), on node:crypto's
 * HMAC-SHA256 (`createHmac`). HKDF-Extract and HKDF-Expand are RFC 5869 §2.2–2.3 written over
 * that HMAC; no hash or MAC is implemented here. Used by `nodeHpke.ts` (D4: HPKE composed from
 * node:crypto primitives, checked against RFC 9180's vectors and `@hpke/core`).
 *
 * Why not `crypto.hkdfSync`: it always runs Extract then Expand, while HPKE expands one PRK
 * several times (key, base_nonce, exporter_secret) and expands the exporter secret alone.
 *
 * Secrets: every PRK and output here is secret; callers wipe what they receive. Intermediate
 * buffers built here that hold secret bytes are wiped before returning.
 * @module
 */
import { createHmac } from 'node:crypto'

/** HKDF-SHA256 output length Nh (RFC 9180 §7.2). */
export const HKDF_SHA256_LENGTH = 32

const encoder = new TextEncoder()
/** `"HPKE-v1"`, the version label prefixed to every labeled input (RFC 9180 §4). */
const HPKE_VERSION_LABEL = encoder.encode('HPKE-v1')

/** `I2OSP(value, 2)`. RangeError outside 0..65535. */
export function i2osp2(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff)
    throw new RangeError(`value must be an integer in 0..65535, got ${value}`)
  return new Uint8Array([value >>> 8, value & 0xff])
}

/** KEM suite_id: `"KEM" ‖ I2OSP(kem_id, 2)` (RFC 9180 §4.1). */
export function kemSuiteId(kemId: number): Uint8Array {
  return concatBytes(encoder.encode('KEM'), i2osp2(kemId))
}

/** HPKE suite_id: `"HPKE" ‖ I2OSP(kem_id, 2) ‖ I2OSP(kdf_id, 2) ‖ I2OSP(aead_id, 2)` (§5.1). */
export function hpkeSuiteId(kemId: number, kdfId: number, aeadId: number): Uint8Array {
  return concatBytes(encoder.encode('HPKE'), i2osp2(kemId), i2osp2(kdfId), i2osp2(aeadId))
}

/** An ASCII label as bytes (labels are public protocol constants). */
export function labelBytes(label: string): Uint8Array {
  return encoder.encode(label)
}

/**
 * `LabeledExtract(salt, label, ikm) = HMAC-SHA256(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm)`.
 * An empty salt is HMAC's key of Nh zero bytes, which HMAC pads to the same block as the empty
 * key, so the empty array is passed as is (RFC 5869 §2.2).
 */
export function labeledExtract(
  suiteId: Uint8Array,
  salt: Uint8Array,
  label: Uint8Array,
  ikm: Uint8Array,
): Uint8Array {
  const hmac = createHmac('sha256', salt)
  hmac.update(HPKE_VERSION_LABEL)
  hmac.update(suiteId)
  hmac.update(label)
  hmac.update(ikm)
  return asUint8Array(hmac.digest())
}

/**
 * `LabeledExpand(prk, label, info, L)`: HKDF-Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖
 * label ‖ info, L) with `T(i) = HMAC(prk, T(i-1) ‖ labeled_info ‖ i)`. RangeError when L is not
 * in 1..255·Nh (RFC 5869's bound; RFC 9180 §4 also needs L < 2^16, which 8160 satisfies).
 */
export function labeledExpand(
  suiteId: Uint8Array,
  prk: Uint8Array,
  label: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255 * HKDF_SHA256_LENGTH)
    throw new RangeError(`length must be an integer in 1..${255 * HKDF_SHA256_LENGTH}, got ${length}`)
  const labeledInfo = concatBytes(i2osp2(length), HPKE_VERSION_LABEL, suiteId, label, info)
  const blocks = Math.ceil(length / HKDF_SHA256_LENGTH)
  const out = new Uint8Array(blocks * HKDF_SHA256_LENGTH)
  let previous: Uint8Array = new Uint8Array(0)
  for (let i = 1; i <= blocks; i++) {
    const hmac = createHmac('sha256', prk)
    hmac.update(previous)
    hmac.update(labeledInfo)
    hmac.update(new Uint8Array([i]))
    const block = hmac.digest()
    out.set(block, (i - 1) * HKDF_SHA256_LENGTH)
    // SECRET: T(i-1) is key material; the copy in `out` is the caller's.
    previous.fill(0)
    previous = block
  }
  previous.fill(0)
  if (out.length === length) return out
  // SECRET: the unused tail of the last block is wiped; the copy returned is the caller's.
  const result = out.slice(0, length)
  out.fill(0)
  return result
}

/** A plain Uint8Array view of a Buffer (same memory: wiping one wipes the other). */
export function asUint8Array(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

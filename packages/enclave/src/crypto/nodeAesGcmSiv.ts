/**
 * AES-256-GCM-SIV (RFC 8452) composed from node:crypto's AES block cipher (ECB over whole
 * blocks, OpenSSL's AES-NI) and @noble/ciphers' POLYVAL, the way `nodeHpke.ts` composes HPKE
 * (D4: composing audited primitives by a published spec, checked against the spec's vectors
 * and the reference implementation). Issue 7: noble's all-JS `gcmsiv` took ~85 µs per 1 KiB
 * sealed result, the largest cost after the EVM and HPKE; this takes about a third of that.
 * The bytes are RFC 8452's: `aeadSiv.test.ts` checks Appendix C.2, `nodeAesGcmSiv.test.ts`
 * compares with noble's `gcmsiv` over many lengths and checks the 32-bit counter wrap.
 *
 * RFC 8452 §4, with a 256-bit key K and a 96-bit nonce N:
 *   block_i = AES_K(LE32(i) ‖ N), i = 0..5; authKey = block_0[0:8] ‖ block_1[0:8];
 *   encKey = block_2[0:8] ‖ … ‖ block_5[0:8]
 *   S = POLYVAL(authKey, pad(AAD) ‖ pad(P) ‖ LE64(bitlen AAD) ‖ LE64(bitlen P))
 *   tag = AES_encKey((S ⊕ (N ‖ 0^32)) with the top bit of byte 15 cleared)
 *   C = P ⊕ keystream, keystream block j = AES_encKey(ctr_j), ctr_0 = tag with the top bit of
 *   byte 15 set, and ctr_j's first 32 bits (little-endian) = ctr_0's + j mod 2^32.
 *
 * Secrets: K and P are the caller's, neither copied nor kept. authKey, encKey, the key
 * derivation blocks, S and the keystream are wiped before returning, on success and failure.
 * `open` returns the SECRET plaintext only after the tag matched (compared in constant time);
 * on a mismatch the candidate plaintext is wiped.
 * @module
 */
import { createCipheriv, timingSafeEqual } from 'node:crypto'
import { Polyval } from '@noble/ciphers/_polyval.js'

const BLOCK = 16
const KEY_LENGTH = 32
const NONCE_LENGTH = 12

/** AES-256-ECB over whole blocks, no padding: the block cipher, one OpenSSL call per batch of blocks. */
function aes256Blocks(key: Uint8Array): { encrypt(blocks: Uint8Array): Buffer; done(): void } {
  const cipher = createCipheriv('aes-256-ecb', key, null)
  cipher.setAutoPadding(false)
  return {
    encrypt: (blocks) => cipher.update(blocks),
    // ECB with whole blocks leaves nothing buffered; final() releases OpenSSL's context.
    done: () => void cipher.final(),
  }
}

/** authKey (16 bytes) and encKey (32 bytes), SECRET, from K and N (RFC 8452 §4). */
function deriveKeys(key: Uint8Array, nonce: Uint8Array): { authKey: Uint8Array; encKey: Uint8Array } {
  const input = new Uint8Array(6 * BLOCK)
  for (let i = 0; i < 6; i++) {
    input[i * BLOCK] = i
    input.set(nonce, i * BLOCK + 4)
  }
  const aes = aes256Blocks(key)
  const blocks = aes.encrypt(input)
  aes.done()
  const authKey = new Uint8Array(16)
  const encKey = new Uint8Array(KEY_LENGTH)
  for (let i = 0; i < 2; i++) authKey.set(blocks.subarray(i * BLOCK, i * BLOCK + 8), i * 8)
  for (let i = 0; i < 4; i++) encKey.set(blocks.subarray((i + 2) * BLOCK, (i + 2) * BLOCK + 8), i * 8)
  blocks.fill(0)
  return { authKey, encKey }
}

/** The tag's pre-image: POLYVAL over AAD, plaintext and lengths, xor N, top bit cleared. SECRET. */
function tagInput(
  authKey: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const lengths = new Uint8Array(BLOCK)
  const view = new DataView(lengths.buffer)
  view.setBigUint64(0, BigInt(aad.length) * 8n, true)
  view.setBigUint64(8, BigInt(plaintext.length) * 8n, true)
  // noble's update pads each call to whole blocks with zeros, as RFC 8452 pads AAD and P.
  const mac = new Polyval(authKey, aad.length + plaintext.length + BLOCK)
  if (aad.length > 0) mac.update(aad)
  if (plaintext.length > 0) mac.update(plaintext)
  mac.update(lengths)
  const s = mac.digest()
  for (let i = 0; i < NONCE_LENGTH; i++) s[i]! ^= nonce[i]!
  s[15]! &= 0x7f
  return s
}

/**
 * `input ⊕ keystream` under encKey from the tag (RFC 8452 §4 counter mode): the counter
 * blocks are built here and enciphered in one call. Exported for the counter-wrap test.
 */
export function sivCtr(
  aes: { encrypt(blocks: Uint8Array): Buffer },
  tag: Uint8Array,
  input: Uint8Array,
): Uint8Array {
  const n = Math.ceil(input.length / BLOCK)
  const out = new Uint8Array(input.length)
  if (n === 0) return out
  const counters = new Uint8Array(n * BLOCK)
  const first = new DataView(tag.buffer, tag.byteOffset, BLOCK).getUint32(0, true)
  const view = new DataView(counters.buffer)
  for (let j = 0; j < n; j++) {
    counters.set(tag, j * BLOCK)
    view.setUint32(j * BLOCK, (first + j) >>> 0, true)
    counters[j * BLOCK + 15]! |= 0x80
  }
  const stream = aes.encrypt(counters)
  for (let i = 0; i < input.length; i++) out[i] = input[i]! ^ stream[i]!
  stream.fill(0)
  return out
}

function checkShapes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== KEY_LENGTH) throw new RangeError(`key must be ${KEY_LENGTH} bytes, got ${key.length}`)
  if (nonce.length !== NONCE_LENGTH)
    throw new RangeError(`nonce must be ${NONCE_LENGTH} bytes, got ${nonce.length}`)
}

/** Returns `ciphertext ‖ tag(16)`. */
export function gcmSivSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  checkShapes(key, nonce)
  const { authKey, encKey } = deriveKeys(key, nonce)
  let s: Uint8Array | undefined
  const aes = aes256Blocks(encKey)
  try {
    s = tagInput(authKey, nonce, aad, plaintext)
    const tag = aes.encrypt(s)
    const out = new Uint8Array(plaintext.length + BLOCK)
    out.set(sivCtr(aes, tag, plaintext), 0)
    out.set(tag, plaintext.length)
    return out
  } finally {
    aes.done()
    authKey.fill(0)
    encKey.fill(0)
    s?.fill(0)
  }
}

/** Opens `ciphertext ‖ tag`; returns the SECRET plaintext, or `undefined` when the tag does not match. */
export function gcmSivOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  checkShapes(key, nonce)
  if (sealed.length < BLOCK) return undefined
  const tag = sealed.subarray(sealed.length - BLOCK)
  const { authKey, encKey } = deriveKeys(key, nonce)
  let s: Uint8Array | undefined
  const aes = aes256Blocks(encKey)
  try {
    const plaintext = sivCtr(aes, tag, sealed.subarray(0, sealed.length - BLOCK))
    s = tagInput(authKey, nonce, aad, plaintext)
    const expected = aes.encrypt(s)
    if (timingSafeEqual(expected, tag)) return plaintext
    plaintext.fill(0)
    return undefined
  } finally {
    aes.done()
    authKey.fill(0)
    encKey.fill(0)
    s?.fill(0)
  }
}

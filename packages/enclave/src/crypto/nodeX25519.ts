/**
 * X25519 (RFC 7748) on node:crypto for the HPKE receiver (`nodeHpke.ts`, D4, P3): import the
 * recipient's private key once as a KeyObject, then one `crypto.diffieHellman` per envelope.
 *
 * Import formats, chosen by measurement on this machine: the private key goes in once as PKCS#8
 * DER (bytes we can wipe, unlike a JWK's base64 string); each peer key (`enc`) goes in as a JWK,
 * about 20x faster than SPKI DER through OpenSSL's decoders (145k/s against 7k/s).
 *
 * Low-order peers (RFC 9180 §7.1.4, RFC 7748 §6.1): the shared secret is then all zero. OpenSSL
 * refuses to derive it (ERR_OSSL_FAILED_DURING_DERIVATION); we do not rely on that message: on
 * any derive failure the peer is re-checked with @noble/curves' X25519 under a fixed public
 * scalar. With a clamped scalar (a multiple of 8 below the group order) the output is zero
 * exactly when the point has small order, whatever the scalar, so that check decides "low
 * order" without our key. If noble finds the point fine, the failure is a fault, never an
 * outcome (D5). A zero output that a library did return is refused as well.
 *
 * Secrets: the PKCS#8 buffer holding the private key is wiped after import; the KeyObject
 * cannot be zeroed, so its owner drops it when the key is erased. Shared secrets returned are
 * the caller's to wipe.
 * @module
 */
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto'
import { x25519 } from '@noble/curves/ed25519.js'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { asUint8Array } from './hpkeLabeledKdf.js'

/** X25519 key, `enc` and shared-secret length (RFC 9180 §7.1: Nenc = Npk = Nsk = Ndh = 32). */
export const X25519_LENGTH = 32

/** PKCS#8 prefix of an X25519 private key (RFC 8410 §7: OID 1.3.101.110, then the 32 bytes). */
const PKCS8_X25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
])
/** SPKI prefix of an X25519 public key (RFC 8410 §4), stripped when exporting ours. */
const SPKI_X25519_PREFIX_LENGTH = 12

/** A fixed, public scalar for the low-order re-check (any scalar works after clamping). */
const LOW_ORDER_PROBE_SCALAR = new Uint8Array(X25519_LENGTH).fill(0x42)

export type X25519RecipientKey = {
  /** The private key inside OpenSSL; reused for every agreement of its epoch. */
  readonly privateKey: KeyObject
  /** The matching public key (pkR), 32 bytes. */
  readonly publicKey: Uint8Array
}

function cryptoFault(operation: string, cause: unknown): RaceteeError {
  // The cause is an OpenSSL error about key handling; it names no key bytes.
  return new RaceteeError(errorCodes.ENCLAVE_CRYPTO_FAILED, 'X25519 operation failed.', {
    details: operation,
    cause,
  })
}

/**
 * Imports a raw X25519 private key (32 bytes; RangeError otherwise) into a KeyObject and derives
 * its public key. The caller's buffer is not retained; the caller wipes it.
 */
export function importX25519SecretKey(secretKey: Uint8Array): X25519RecipientKey {
  if (!(secretKey instanceof Uint8Array)) throw new TypeError('secretKey must be a Uint8Array')
  if (secretKey.length !== X25519_LENGTH)
    throw new RangeError(`secretKey must be ${X25519_LENGTH} bytes, got ${secretKey.length}`)
  // SECRET: the DER copy holds the private key; wiped once OpenSSL has copied it.
  const der = new Uint8Array(PKCS8_X25519_PREFIX.length + X25519_LENGTH)
  der.set(PKCS8_X25519_PREFIX, 0)
  der.set(secretKey, PKCS8_X25519_PREFIX.length)
  try {
    const privateKey = createPrivateKey({ key: Buffer.from(der.buffer), format: 'der', type: 'pkcs8' })
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    return { privateKey, publicKey: asUint8Array(spki).slice(SPKI_X25519_PREFIX_LENGTH) }
  } catch (err) {
    throw cryptoFault('import private key', err)
  } finally {
    der.fill(0)
  }
}

/**
 * `DH(skR, enc)`: the 32-byte X25519 shared secret, or `undefined` when `enc` is no usable
 * public key (not 32 bytes, or a low-order point whose output is all zero). Any other failure
 * throws ENCLAVE_CRYPTO_FAILED. The result is SECRET: the caller wipes it.
 */
export function x25519SharedSecret(privateKey: KeyObject, enc: Uint8Array): Uint8Array | undefined {
  if (enc.length !== X25519_LENGTH) return undefined
  let peer: KeyObject
  try {
    peer = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'X25519',
        x: Buffer.from(enc.buffer, enc.byteOffset, enc.length).toString('base64url'),
      },
      format: 'jwk',
    })
  } catch (err) {
    // Every 32-byte string is an X25519 u-coordinate (RFC 7748 §5), so import cannot refuse one.
    throw cryptoFault('import enc', err)
  }
  let shared: Uint8Array
  try {
    shared = asUint8Array(diffieHellman({ privateKey, publicKey: peer }))
  } catch (err) {
    if (isLowOrder(enc)) return undefined
    throw cryptoFault('diffie-hellman', err)
  }
  if (isAllZero(shared)) return undefined
  return shared
}

/** True when X25519 maps `u` to zero, i.e. `u` has small order (checked with @noble/curves). */
export function isLowOrder(u: Uint8Array): boolean {
  try {
    x25519.scalarMult(LOW_ORDER_PROBE_SCALAR, u)
    return false
  } catch {
    // noble throws only for a zero output here: both inputs were checked to be 32 bytes.
    return true
  }
}

function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0
  for (const b of bytes) acc |= b
  return acc === 0
}

/**
 * The one HPKE suite of RaceTEE (RFC 9180 base mode, P3): DHKEM(X25519, HKDF-SHA256) 0x0020,
 * HKDF-SHA256 0x0001, AES-256-GCM 0x0002, from `@hpke/core`. Used for request envelopes, read
 * queries (P8) and provisioned epoch secrets (P7).
 */
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core'

/** `enc` and X25519 key length (RFC 9180 §7.1: Nenc = Npk = Nsk = 32). */
export const HPKE_ENC_LENGTH = 32
/** AES-256-GCM tag length, appended to every HPKE ciphertext. */
export const HPKE_TAG_LENGTH = 16

let suite: CipherSuite | undefined

/** The suite, created once (it holds no key material). */
export function hpkeSuite(): CipherSuite {
  suite ??= new CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: new HkdfSha256(),
    aead: new Aes256Gcm(),
  })
  return suite
}

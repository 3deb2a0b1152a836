/**
 * Test-only: ECDSA P-256 keys for the test DCAP PKI, from WebCrypto (what `@peculiar/x509`
 * signs with) and used through `node:crypto` for the raw signatures a DCAP quote and its
 * collateral carry: IEEE P1363 `r ‖ s`, 64 bytes, as `@phala/dcap-qvl` reads them. The private
 * keys are test keys, generated per PKI and never written anywhere.
 * @module
 */
import { KeyObject, sign, webcrypto } from 'node:crypto'

export type P256KeyPair = webcrypto.CryptoKeyPair

export async function generateP256KeyPair(): Promise<P256KeyPair> {
  return webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
}

/** ECDSA-SHA256 over `data`, as 64-byte `r ‖ s` (the quote and collateral format). */
export function signP1363(privateKey: webcrypto.CryptoKey, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', data, { key: KeyObject.from(privateKey), dsaEncoding: 'ieee-p1363' }))
}

/** The public key as the quote carries it: `x ‖ y`, 64 bytes (the uncompressed point without 0x04). */
export async function rawP256PublicKey(publicKey: webcrypto.CryptoKey): Promise<Uint8Array> {
  const point = new Uint8Array(await webcrypto.subtle.exportKey('raw', publicKey))
  if (point.length !== 65 || point[0] !== 0x04)
    throw new RangeError('publicKey must be an uncompressed P-256 point')
  return point.subarray(1)
}

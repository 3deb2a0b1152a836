/**
 * Test fixture: the X25519 u-coordinates of small order (RFC 7748 §6.1's all-zero check; the
 * list libsodium and others reject), each as 32 little-endian bytes. Canonical: 0, 1, the two
 * points of order 8, p - 1; non-canonical: p and p + 1 (equal to 0 and 1 mod p); then every one
 * with bit 255 set, which X25519 ignores (RFC 7748 §5). For every clamped scalar these give an
 * all-zero shared secret, which HPKE refuses (RFC 9180 §7.1.4). Used by tests only.
 * @module
 */
const P = 2n ** 255n - 19n

/** u-coordinates below 2^255 whose X25519 output is zero. */
const SMALL_ORDER_U: readonly bigint[] = [
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P - 1n,
  P,
  P + 1n,
]

function littleEndian32(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let v = value
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** Fresh copies of the 14 small-order encodings (7 values, with and without bit 255). */
export function smallOrderPoints(): Uint8Array[] {
  return SMALL_ORDER_U.flatMap((u) => [littleEndian32(u), littleEndian32(u + 2n ** 255n)])
}

/**
 * Reads the few fields of a DER X.509 CRL (RFC 5280 §5.1) that the DCAP policy checks itself
 * (design D2: "the checks the library skips"): the signed `tbsCertList` bytes, the signature, and
 * `thisUpdate`/`nextUpdate`. Revoked entries are left to `@phala/dcap-qvl`. CRLs are public.
 * A CRL that does not parse is refused (`crl`), never skipped: an unreadable CRL must not
 * silently mean "nothing revoked".
 * @module
 */
import { rejectDcap } from './dcapRejection.js'

export type CrlFields = {
  /** The DER of `tbsCertList`, the bytes the signature covers. */
  tbs: Uint8Array
  /** The signature value (for ECDSA, a DER `Ecdsa-Sig-Value`). */
  signature: Uint8Array
  /** Seconds since the epoch. */
  thisUpdate: number
  nextUpdate: number
}

type Tlv = { tag: number; start: number; contentStart: number; end: number }

const SEQUENCE = 0x30
const INTEGER = 0x02
const BIT_STRING = 0x03
const UTC_TIME = 0x17
const GENERALIZED_TIME = 0x18

export function parseCrl(der: Uint8Array): CrlFields {
  const outer = readTlv(der, 0, der.length)
  if (outer.tag !== SEQUENCE || outer.end !== der.length) throw bad('not a DER sequence')
  const tbs = readTlv(der, outer.contentStart, outer.end)
  const algorithm = readTlv(der, tbs.end, outer.end)
  const signature = readTlv(der, algorithm.end, outer.end)
  if (tbs.tag !== SEQUENCE || algorithm.tag !== SEQUENCE || signature.tag !== BIT_STRING)
    throw bad('unexpected CertificateList layout')
  // A BIT STRING starts with its count of unused bits, zero for a signature.
  if (der[signature.contentStart] !== 0) throw bad('signature has unused bits')

  let field = readTlv(der, tbs.contentStart, tbs.end)
  if (field.tag === INTEGER) field = readTlv(der, field.end, tbs.end) // version
  const issuerAlgorithm = field
  const issuer = readTlv(der, issuerAlgorithm.end, tbs.end)
  const thisUpdate = readTlv(der, issuer.end, tbs.end)
  if (issuerAlgorithm.tag !== SEQUENCE || issuer.tag !== SEQUENCE) throw bad('unexpected tbsCertList layout')
  if (thisUpdate.end >= tbs.end) throw bad('no nextUpdate')
  const nextUpdate = readTlv(der, thisUpdate.end, tbs.end)
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    signature: der.subarray(signature.contentStart + 1, signature.end),
    thisUpdate: readTime(der, thisUpdate),
    nextUpdate: readTime(der, nextUpdate),
  }
}

/** One DER tag-length-value inside [offset, limit); definite lengths only, as DER requires. */
function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw bad('truncated')
  const tag = der[offset]!
  let length = der[offset + 1]!
  let contentStart = offset + 2
  if (length & 0x80) {
    const octets = length & 0x7f
    if (octets === 0 || octets > 3 || contentStart + octets > limit) throw bad('bad length')
    length = 0
    for (let i = 0; i < octets; i++) length = length * 256 + der[contentStart + i]!
    contentStart += octets
  }
  const end = contentStart + length
  if (end > limit) throw bad('truncated')
  return { tag, start: offset, contentStart, end }
}

function readTime(der: Uint8Array, tlv: Tlv): number {
  const text = new TextDecoder().decode(der.subarray(tlv.contentStart, tlv.end))
  let digits: string
  if (tlv.tag === UTC_TIME && /^\d{12}Z$/.test(text)) {
    const yy = Number(text.slice(0, 2))
    digits = `${yy >= 50 ? 19 : 20}${text.slice(0, 12)}`
  } else if (tlv.tag === GENERALIZED_TIME && /^\d{14}Z$/.test(text)) {
    digits = text.slice(0, 14)
  } else {
    throw bad('bad time')
  }
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) =>
    Number(digits.slice(at, i === 0 ? 4 : at + 2)),
  )
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) / 1000
}

function bad(details: string) {
  return rejectDcap('crl', `CRL ${details}`)
}

/**
 * The CRL checks `@phala/dcap-qvl` 0.3.9 skips (design D2, D2.1; shared/fixtures/dcap/README.md):
 * the library looks up revoked serials in the collateral's CRLs but checks neither their
 * signatures nor their dates, and ignores a CRL it cannot parse. Here both CRLs must parse, be
 * current at `now` (the proven header's time) and be signed by the right CA: the root CA CRL by
 * the configured root, the PCK CRL by the CA that issued the quote's PCK certificate, itself
 * issued by the root and valid at `now`. Everything here is public.
 * @module
 */
import { verify, X509Certificate } from 'node:crypto'
import { utils } from '@phala/dcap-qvl'
import type { DcapCollateral } from './dcapEvidence.js'
import { rejectDcap } from './dcapRejection.js'
import { parseCrl } from './parseCrl.js'

export type CheckDcapCrlsParameters = {
  collateral: DcapCollateral
  rootCaDer: Uint8Array
  /** DER of the CA certificate that issued the quote's PCK certificate. */
  pckIssuerDer: Uint8Array
  /** Seconds, from the proven header. */
  now: number
}

/** Throws ENCLAVE_ATTESTATION_INVALID (`crl`, `expired`, `certificate`) or returns. */
export function checkDcapCrls({ collateral, rootCaDer, pckIssuerDer, now }: CheckDcapCrlsParameters): void {
  const root = certificate(rootCaDer, 'root CA')
  const pckIssuer = certificate(pckIssuerDer, 'PCK issuer')
  const chain = utils.extractCerts(Buffer.from(collateral.pck_crl_issuer_chain))
  if (chain.length === 0) throw rejectDcap('crl', 'PCK CRL issuer chain is empty')
  const crlIssuer = certificate(chain[0]!, 'PCK CRL issuer')
  if (!crlIssuer.publicKey.equals(pckIssuer.publicKey))
    throw rejectDcap('crl', 'PCK CRL is not from the CA that issued the PCK certificate')
  if (!crlIssuer.verify(root.publicKey))
    throw rejectDcap('certificate', 'PCK CRL issuer is not issued by the root CA')
  if (Date.parse(crlIssuer.validFrom) / 1000 > now || Date.parse(crlIssuer.validTo) / 1000 < now)
    throw rejectDcap('expired', 'PCK CRL issuer certificate is not valid at now')

  checkCrl('root CA CRL', crlBytes(collateral.root_ca_crl, 'root_ca_crl'), root, now)
  checkCrl('PCK CRL', crlBytes(collateral.pck_crl, 'pck_crl'), crlIssuer, now)
}

function checkCrl(name: string, der: Uint8Array, issuer: X509Certificate, now: number): void {
  const crl = parseCrl(der)
  if (!verify('sha256', crl.tbs, issuer.publicKey, crl.signature))
    throw rejectDcap('crl', `${name} signature is invalid`)
  if (crl.thisUpdate > now) throw rejectDcap('expired', `${name} is not yet valid`)
  if (crl.nextUpdate < now) throw rejectDcap('expired', `${name} expired`)
}

function certificate(der: Uint8Array, name: string): X509Certificate {
  try {
    return new X509Certificate(der)
  } catch (err) {
    throw rejectDcap('certificate', `${name} does not parse`, err)
  }
}

/** Collateral carries a CRL as hex text or as a byte array. */
function crlBytes(value: string | number[], name: string): Uint8Array {
  if (Array.isArray(value)) {
    if (!value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
      throw rejectDcap('crl', `${name} is not bytes`)
    return Uint8Array.from(value)
  }
  const hex = value.startsWith('0x') ? value.slice(2) : value
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw rejectDcap('crl', `${name} is not hex`)
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

/**
 * Test-only: a CRL of the test DCAP PKI (the root CA CRL or the PCK CRL, RFC 5280 v2), signed by
 * the CA the caller names (a test may name the wrong one), current from `thisUpdate` to
 * `nextUpdate`, optionally listing revoked serials. `checkDcapCrls` checks its signature and
 * dates (design D2, D2.1), `@phala/dcap-qvl` the serials.
 * @module
 */
import { ECDSA_SHA256, type TestCertificate } from './issueTestCertificates.js'
import { x509 } from './x509.js'

export type IssueTestCrlParameters = {
  signer: TestCertificate
  /** Seconds. */
  thisUpdate: number
  nextUpdate: number
  /** Hex serial numbers to list as revoked. */
  revokedSerials?: readonly string[]
}

/** The DER of the CRL. */
export async function issueTestCrl(parameters: IssueTestCrlParameters): Promise<Uint8Array> {
  const { signer, thisUpdate, nextUpdate, revokedSerials = [] } = parameters
  const crl = await x509.X509CrlGenerator.create({
    issuer: signer.certificate.subject,
    thisUpdate: new Date(thisUpdate * 1000),
    nextUpdate: new Date(nextUpdate * 1000),
    signingAlgorithm: ECDSA_SHA256,
    signingKey: signer.keys.privateKey,
    entries: revokedSerials.map((serialNumber) => ({
      serialNumber,
      revocationDate: new Date(thisUpdate * 1000),
    })),
  })
  return new Uint8Array(crl.rawData)
}

/**
 * Test-only: the certificates of a test DCAP PKI, shaped like Intel's (design D2; Intel's PCK
 * certificate and CRL profile): a self-signed root CA, a PCK platform CA it issues, a TCB signing
 * certificate it issues (signs TCB info and QE identity), and a PCK leaf certificate the PCK CA
 * issues, carrying the SGX extension with the platform's TCB. All are valid from a day before
 * `now` to a year after, so collateral lifetimes, not certificates, decide expiry tests.
 * @module
 */
import { generateP256KeyPair, type P256KeyPair } from './p256.js'
import { type SgxPckExtensionParameters, sgxPckExtension } from './sgxPckExtension.js'
import { x509 } from './x509.js'

export const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const

export type TestCertificate = { keys: P256KeyPair; certificate: x509.X509Certificate; der: Uint8Array }

export type TestDcapCertificates = {
  root: TestCertificate
  pckCa: TestCertificate
  tcbSigning: TestCertificate
  pck: TestCertificate
}

export type IssueTestCertificatesParameters = {
  /** Seconds. */
  now: number
  /** Distinguishes the names of two test PKIs (e.g. "other" for a foreign root). */
  label: string
  platform: SgxPckExtensionParameters
}

const DAY = 86_400

export async function issueTestCertificates(
  parameters: IssueTestCertificatesParameters,
): Promise<TestDcapCertificates> {
  const { now, label, platform } = parameters
  const notBefore = new Date((now - DAY) * 1000)
  const notAfter = new Date((now + 365 * DAY) * 1000)
  const name = (cn: string) => `CN=RaceTEE ${label} ${cn}, O=RaceTEE test PKI`
  const ca = (pathLength: number) => [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ]
  const leaf = () => [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
  ]

  const rootKeys = await generateP256KeyPair()
  const rootCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: name('SGX Root CA'),
    keys: rootKeys,
    notBefore,
    notAfter,
    signingAlgorithm: ECDSA_SHA256,
    extensions: ca(1),
  })
  const root = certificateOf(rootKeys, rootCertificate)

  const issue = async (
    issuer: TestCertificate,
    cn: string,
    extensions: x509.Extension[],
  ): Promise<TestCertificate> => {
    const keys = await generateP256KeyPair()
    const certificate = await x509.X509CertificateGenerator.create({
      subject: name(cn),
      issuer: issuer.certificate.subject,
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: ECDSA_SHA256,
      extensions,
    })
    return certificateOf(keys, certificate)
  }

  const pckCa = await issue(root, 'SGX PCK Platform CA', ca(0))
  const tcbSigning = await issue(root, 'SGX TCB Signing', leaf())
  const pck = await issue(pckCa, 'SGX PCK Certificate', [...leaf(), sgxPckExtension(platform)])
  return { root, pckCa, tcbSigning, pck }
}

function certificateOf(keys: P256KeyPair, certificate: x509.X509Certificate): TestCertificate {
  return { keys, certificate, der: new Uint8Array(certificate.rawData) }
}

/** PEM chain, leaf first, as DCAP collateral and certification data type 5 carry it. */
export function pemChain(...certificates: TestCertificate[]): string {
  return `${certificates.map((c) => c.certificate.toString('pem')).join('\n')}\n`
}

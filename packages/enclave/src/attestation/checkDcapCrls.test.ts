import { Quote, utils } from '@phala/dcap-qvl'
import { isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { type CheckDcapCrlsParameters, checkDcapCrls } from './checkDcapCrls.js'
import type { DcapCollateral } from './dcapEvidence.js'
import { parseCrl } from './parseCrl.js'
import { type DcapFixture, loadDcapFixtures } from './test/dcapFixtures.js'

const fx = loadDcapFixtures()

const pckIssuer = (quote: Uint8Array): Uint8Array =>
  utils.extractCerts(Buffer.from(Quote.parse(quote).rawCertChain()))[1]!

const params = (
  f: DcapFixture,
  collateral: Partial<DcapCollateral> = {},
  now = f.now,
): CheckDcapCrlsParameters => ({
  collateral: { ...f.collateral, ...collateral },
  rootCaDer: fx.rootCaDer,
  pckIssuerDer: pckIssuer(f.quote),
  now,
})

function reason(parameters: CheckDcapCrlsParameters): string {
  try {
    checkDcapCrls(parameters)
  } catch (err) {
    if (!isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')) throw err
    return (err.details ?? '').split(':')[0]!
  }
  throw new Error('expected a rejection')
}

/** Flips the lowest bit of the last byte of a hex CRL (inside the signature's `s`). */
const flipLastByte = (hex: string): string =>
  `${hex.slice(0, -2)}${(Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}`

const crlOf = (value: string | number[]) =>
  parseCrl(typeof value === 'string' ? Buffer.from(value, 'hex') : Uint8Array.from(value))

describe('checkDcapCrls', () => {
  it('accepts the real collateral at its time', () => {
    expect(() => checkDcapCrls(params(fx.sgx))).not.toThrow()
    expect(() => checkDcapCrls(params(fx.tdx))).not.toThrow()
  })

  it('behavior: a CRL given as a byte array is read as well', () => {
    const pck_crl = [...Buffer.from(fx.sgx.collateral.pck_crl as string, 'hex')]
    expect(() => checkDcapCrls(params(fx.sgx, { pck_crl }))).not.toThrow()
  })

  it('error: a CRL whose signature does not verify', () => {
    expect(
      reason(params(fx.sgx, { root_ca_crl: flipLastByte(fx.sgx.collateral.root_ca_crl as string) })),
    ).toBe('crl')
    expect(reason(params(fx.tdx, { pck_crl: flipLastByte(fx.tdx.collateral.pck_crl as string) }))).toBe('crl')
  })

  it('error: a now after a CRL expired or before it was issued', () => {
    const pck = crlOf(fx.sgx.collateral.pck_crl)
    expect(reason(params(fx.sgx, {}, pck.nextUpdate + 1))).toBe('expired')
    expect(reason(params(fx.sgx, {}, pck.thisUpdate - 1))).toBe('expired')
  })

  it('error: a PCK CRL from another CA than the one that issued the PCK certificate', () => {
    // The SGX sample chains through the Processor CA, the TDX sample through the Platform CA.
    const { pck_crl, pck_crl_issuer_chain } = fx.tdx.collateral
    expect(reason(params(fx.sgx, { pck_crl, pck_crl_issuer_chain }))).toBe('crl')
  })

  it('error: an unparsable CRL is refused, not skipped', () => {
    expect(reason(params(fx.sgx, { pck_crl: (fx.sgx.collateral.pck_crl as string).slice(0, 40) }))).toBe(
      'crl',
    )
    expect(reason(params(fx.sgx, { root_ca_crl: 'zz' }))).toBe('crl')
  })

  it('error: a root CA that did not issue the PCK CRL issuer', () => {
    expect(reason({ ...params(fx.sgx), rootCaDer: fx.otherRootCaDer })).toBe('certificate')
  })
})

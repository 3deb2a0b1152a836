import { isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { parseCrl } from './parseCrl.js'
import { loadDcapFixtures } from './test/dcapFixtures.js'

const fx = loadDcapFixtures()
const pckCrl = Buffer.from(fx.sgx.collateral.pck_crl as string, 'hex')

describe('parseCrl', () => {
  it('reads the signed part, signature and update times of a real PCK CRL', () => {
    const crl = parseCrl(pckCrl)
    expect(crl.tbs[0]).toBe(0x30)
    expect(crl.signature[0]).toBe(0x30) // DER Ecdsa-Sig-Value
    expect(crl.thisUpdate).toBeLessThanOrEqual(fx.sgx.now)
    expect(crl.nextUpdate).toBeGreaterThanOrEqual(fx.sgx.now)
    expect(crl.nextUpdate - crl.thisUpdate).toBeGreaterThan(0)
  })

  it('behavior: the signed part lies inside the CRL it came from', () => {
    const crl = parseCrl(pckCrl)
    expect(Buffer.from(pckCrl).includes(Buffer.from(crl.tbs))).toBe(true)
  })

  it('error: truncated or trailing bytes are refused with reason crl', () => {
    for (const bytes of [
      pckCrl.subarray(0, pckCrl.length - 1),
      Buffer.concat([pckCrl, Buffer.from([0])]),
      new Uint8Array(1),
    ]) {
      try {
        parseCrl(bytes)
        expect.unreachable()
      } catch (err) {
        expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
        expect((err as { details?: string }).details?.startsWith('crl:')).toBe(true)
      }
    }
  })
})

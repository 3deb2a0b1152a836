/**
 * Test helper: the real Intel DCAP quotes in `./fixtures/` (copied from
 * shared/fixtures/dcap, upstream Phala-Network/dcap-qvl `sample/`, MIT: see fixtures/LICENSE and
 * fixtures/README.md) with the `now` at which their collateral is valid. Kept in the package so
 * the tests run on a clean clone.
 * @module
 */
import { readFileSync } from 'node:fs'
import type { DcapCollateral } from '../dcapEvidence.js'

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
const collateral = (name: string): DcapCollateral =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as DcapCollateral

export type DcapFixture = { quote: Uint8Array; collateral: DcapCollateral; now: number }

export function loadDcapFixtures(): {
  rootCaDer: Uint8Array
  /** A self-signed root that issued none of the chains (generated for these tests). */
  otherRootCaDer: Uint8Array
  sgx: DcapFixture
  tdx: DcapFixture
  tdxOutdated: DcapFixture
} {
  return {
    rootCaDer: fixture('TrustedRootCA.der'),
    otherRootCaDer: fixture('otherRootCA.der'),
    sgx: {
      quote: fixture('sgx_quote'),
      collateral: collateral('sgx_quote_collateral.json'),
      now: 1752919277,
    },
    tdx: {
      quote: fixture('tdx_quote'),
      collateral: collateral('tdx_quote_collateral.json'),
      now: 1752919234,
    },
    tdxOutdated: {
      quote: fixture('tdx_quote_outdated'),
      collateral: collateral('tdx_quote_outdated_collateral.json'),
      now: 1774003274,
    },
  }
}

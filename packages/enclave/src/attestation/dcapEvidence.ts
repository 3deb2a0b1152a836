/**
 * P7 evidence for the hardware providers (docs/protocol.md P7, design D2):
 * `0x01 ‖ abi(uint8 provider, bytes quote, bytes collateral)` with provider sgx 2 or tdx 3, the
 * quote as the DCAP library produced it and the collateral as the UTF-8 JSON text of the
 * PCCS collateral object (the shape `@phala/dcap-qvl` takes). Quotes and collateral are public:
 * nothing here is secret.
 * @module
 */
import type { Collateral } from '@phala/dcap-qvl'
import {
  decodeEvidence,
  encodeEvidence,
  errorCodes,
  evidenceProviders,
  RaceteeError,
} from '@racetee/protocol'

export type DcapProvider = 'sgx' | 'tdx'

/** The PCCS collateral of one quote (the library's `Collateral`). */
export type DcapCollateral = Collateral

export type DcapEvidence = { provider: DcapProvider; quote: Uint8Array; collateral: DcapCollateral }

/** Fields every collateral object carries; a missing one makes the evidence malformed. */
const collateralFields = [
  'pck_crl_issuer_chain',
  'root_ca_crl',
  'pck_crl',
  'tcb_info_issuer_chain',
  'tcb_info',
  'tcb_info_signature',
  'qe_identity_issuer_chain',
  'qe_identity',
  'qe_identity_signature',
] as const

export function encodeDcapEvidence({ provider, quote, collateral }: DcapEvidence): Uint8Array {
  if (provider !== 'sgx' && provider !== 'tdx') throw new TypeError('provider must be "sgx" or "tdx"')
  if (!(quote instanceof Uint8Array) || quote.length === 0)
    throw new TypeError('quote must be a non-empty Uint8Array')
  return encodeEvidence({
    provider: evidenceProviders[provider],
    quote,
    collateral: new TextEncoder().encode(JSON.stringify(collateral)),
  })
}

/**
 * Decodes sgx/tdx evidence. Throws PROTOCOL_MALFORMED when the bytes are not P7 evidence, name
 * another provider (simulation included) or carry collateral that is not a collateral object.
 */
export function decodeDcapEvidence(evidence: Uint8Array): DcapEvidence {
  const { provider, quote, collateral } = decodeEvidence(evidence)
  const name = providerName(provider)
  if (name === undefined) throw malformed(`provider ${provider} is not a DCAP provider`)
  return { provider: name, quote, collateral: parseCollateral(collateral) }
}

function providerName(provider: number): DcapProvider | undefined {
  if (provider === evidenceProviders.sgx) return 'sgx'
  if (provider === evidenceProviders.tdx) return 'tdx'
  return undefined
}

function parseCollateral(bytes: Uint8Array): DcapCollateral {
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw malformed('collateral is not UTF-8 JSON', err)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformed('collateral is not an object')
  const record = parsed as Record<string, unknown>
  for (const field of collateralFields) {
    const value = record[field]
    if (typeof value !== 'string' && !Array.isArray(value)) throw malformed(`collateral lacks ${field}`)
  }
  return parsed as DcapCollateral
}

function malformed(details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'DCAP evidence is malformed.', {
    details,
    ...(cause === undefined ? {} : { cause }),
  })
}

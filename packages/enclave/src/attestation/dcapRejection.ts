/**
 * Rejections of DCAP evidence (design D2, D2.1): every refusal is RaceteeError
 * ENCLAVE_ATTESTATION_INVALID whose details start with a `DcapEvidenceRejection`. The library's
 * own failures are plain `Error`s with English messages; `classifyDcapFailure` maps them to a
 * reason so callers and tests can tell expiry from a bad signature. Quotes and collateral are
 * public, so the library's message may be kept in the details.
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'

/** Why DCAP evidence was refused; the first word of the error's details. */
export type DcapEvidenceRejection =
  | 'malformed'
  | 'providerMismatch'
  | 'qeVendor'
  | 'certificate'
  | 'signature'
  | 'expired'
  | 'revoked'
  | 'crl'
  | 'qeIdentity'
  | 'attributes'
  | 'tcb'
  | 'advisoryNotAllowed'
  | 'measurementNotAllowed'
  | 'reportDataMismatch'
  | 'unverified'

export function rejectDcap(reason: DcapEvidenceRejection, details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'DCAP evidence is not valid.', {
    details: `${reason}: ${details}`,
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * Ordered: the first pattern that matches the library's message decides. Expiry comes before
 * certificate so "Certificate is expired" reads as expiry, a TCB status "Revoked" is a TCB
 * fault while a revoked certificate is `revoked`; a chain that does not lead to the
 * root CA ("certificate chain - … signature invalid") is a certificate fault, not a quote signature.
 */
const patterns: readonly [RegExp, DcapEvidenceRejection][] = [
  [/expired|not yet valid|issue date is in the future/i, 'expired'],
  [/TCB status is invalid|No matching TCB level|ISVSVN .* below/i, 'tcb'],
  [/revoked/i, 'revoked'],
  [/certificate chain|CaUsedAsEndEntity|PCK certificates/i, 'certificate'],
  [/signature|hash mismatch/i, 'signature'],
  [/^QE /, 'qeIdentity'],
  [/Debug mode|Reserved bits|SEPT_VE_DISABLE|mr service td/i, 'attributes'],
  [
    /decode|Unsupported|Not enough data|length mismatch|extension|Fmspc mismatch|TCB info in the collateral/i,
    'malformed',
  ],
]

/** Maps an error thrown by `@phala/dcap-qvl` to a rejection carrying it as cause. */
export function classifyDcapFailure(err: unknown): RaceteeError {
  const message = err instanceof Error ? err.message : String(err)
  const match = patterns.find(([pattern]) => pattern.test(message))
  return rejectDcap(match?.[1] ?? 'unverified', message, err)
}

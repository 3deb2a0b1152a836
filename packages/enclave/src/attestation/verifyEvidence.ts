/**
 * Admission's one entry to evidence verification (design D2, D3.1; docs/protocol.md P7): reads
 * the P7 provider byte and hands the evidence to the verifier of its kind under the deployment's
 * `AdmissionPolicy`: simulation → `verifySimulatedEvidence` under `policy.simulation`; sgx/tdx →
 * `verifyDcapEvidence` under `policy.dcap` at `now`. A kind whose policy is `null` is refused
 * before any of its bytes are looked at, so a hardware deployment (`simulation: null`) can never
 * admit a key on a software quote, and a simulation devnet (`dcap: null`) takes no DCAP quote.
 *
 * `expectedReportData` is always required: evidence is only worth something bound to the
 * newcomer's keys, chain and MC (`evidenceReportData`), and no path here skips that check.
 * `now` is the proven header's timestamp (D2.1), never the host's clock.
 *
 * Every refusal is RaceteeError ENCLAVE_ATTESTATION_INVALID whose details start with a one-word
 * reason (the kind's verifier's, or `malformed` / `notAccepted` from here); argument-shape
 * faults are TypeError/RangeError. Evidence and verdicts are public; nothing here is secret.
 * @module
 */
import {
  decodeEvidence,
  type EvidenceProvider,
  errorCodes,
  evidenceProviders,
  RaceteeError,
  REPORT_DATA_LENGTH,
} from '@racetee/protocol'
import { type SimulatedEvidenceVerdict, verifySimulatedEvidence } from '../keys/simulatedPlatform.js'
import type { AdmissionPolicy } from './admissionPolicy.js'
import { type DcapEvidenceVerdict, verifyDcapEvidence } from './verifyDcapEvidence.js'

export type VerifyEvidenceParameters = {
  /** P7 evidence as the newcomer registered it. */
  evidence: Uint8Array
  policy: AdmissionPolicy
  /** The report data the verifier computed itself (`evidenceReportData`), 64 bytes. */
  expectedReportData: Uint8Array
  /** Seconds since the epoch, from the proven header (D2.1). */
  now: bigint
}

export type EvidenceVerdict = SimulatedEvidenceVerdict | DcapEvidenceVerdict

/** The evidence kinds, by P7 provider byte. */
export type EvidenceKind = keyof typeof evidenceProviders

export async function verifyEvidence(parameters: VerifyEvidenceParameters): Promise<EvidenceVerdict> {
  const { evidence, policy, expectedReportData, now } = parameters
  if (!(evidence instanceof Uint8Array)) throw new TypeError('evidence must be a Uint8Array')
  if (!(expectedReportData instanceof Uint8Array) || expectedReportData.length !== REPORT_DATA_LENGTH)
    throw new RangeError(`expectedReportData must be ${REPORT_DATA_LENGTH} bytes`)
  if (typeof now !== 'bigint' || now < 0n)
    throw new RangeError('now must be a non-negative bigint of seconds')
  if (typeof policy !== 'object' || policy === null) throw new TypeError('policy must be an AdmissionPolicy')

  const kind = kindOf(evidence)
  if (kind === 'simulation') {
    if (policy.simulation === null) throw notAccepted(kind)
    return verifySimulatedEvidence({
      evidence,
      allowedPlatform: policy.simulation.platform,
      allowedMeasurements: policy.simulation.measurements,
      expectedReportData,
    })
  }
  if (policy.dcap === null) throw notAccepted(kind)
  return verifyDcapEvidence({
    evidence,
    provider: kind,
    rootCaDer: policy.dcap.rootCaDer,
    now,
    policy: policy.dcap.policy,
    expectedReportData,
  })
}

/** The kind the evidence names; evidence that is not P7 at all is refused as malformed. */
function kindOf(evidence: Uint8Array): EvidenceKind {
  let provider: EvidenceProvider
  try {
    provider = decodeEvidence(evidence).provider
  } catch (err) {
    throw new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Evidence is not valid.', {
      details: `malformed: ${err instanceof RaceteeError ? (err.details ?? err.shortMessage) : 'undecodable evidence'}`,
      cause: err,
    })
  }
  const kinds = Object.keys(evidenceProviders) as EvidenceKind[]
  const kind = kinds.find((k) => evidenceProviders[k] === provider)
  // decodeEvidence admits only known providers; this guards a table edited on one side only.
  if (kind === undefined)
    throw new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Evidence is not valid.', {
      details: `malformed: provider ${provider}`,
    })
  return kind
}

function notAccepted(kind: EvidenceKind): RaceteeError {
  return new RaceteeError(
    errorCodes.ENCLAVE_ATTESTATION_INVALID,
    `Evidence of kind ${kind} is not accepted by this deployment.`,
    { details: `notAccepted: ${kind} evidence, the admission policy for it is null` },
  )
}

/**
 * The SIMULATED attestation platform (D2 `simulation` provider, docs/protocol.md P7). A local
 * secp256k1 "platform key" signs an EIP-712 `SimulatedQuote {measurement, reportData}` under
 * `simulatedPlatformDomain`; verification checks the signer, the measurement and the report data.
 * This proves nothing about hardware: everything it produces or accepts is labelled simulation
 * (`provider: 'simulation'`, `simulated: true`), and no hardware provider accepts it.
 *
 * ```
 * reportData = keccak(abi(keccak("racetee/v1/evidence"), uint256 chainId, address MC,
 *                         address signer, bytes32 encryptionKey)) ‖ 32 zero bytes
 * evidence   = 0x01 ‖ abi(uint8 provider = 1, bytes quote, bytes collateral = "")
 * quote      = abi(bytes32 measurement, bytes reportData, bytes signature)
 * ```
 * The layouts are @racetee/protocol's (`evidenceReportData`, `encodeEvidence`/`decodeEvidence`,
 * `encodeSimulatedQuote`/`decodeSimulatedQuote`, `simulatedQuoteSigningHash`); this module signs
 * and decides.
 *
 * Secrets: `platformKey` (the simulated platform's secp256k1 key) is the caller's; it signs and
 * is not retained. Nothing else here is secret.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import {
  bytes32,
  decodeEvidence,
  decodeSimulatedQuote,
  encodeEvidence,
  encodeSimulatedQuote,
  errorCodes,
  evidenceProviders,
  RaceteeError,
  REPORT_DATA_LENGTH,
  simulatedQuoteSigningHash,
} from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, type Hex, recoverAddress } from 'viem'
import { signDigestWithKey } from './enclaveIdentity.js'

/** Why simulated evidence was refused; the first word of the error's details. */
export type SimulatedEvidenceRejection =
  | 'malformed'
  | 'notSimulation'
  | 'badSignature'
  | 'wrongPlatform'
  | 'measurementNotAllowed'
  | 'reportDataMismatch'

export type SimulatedEvidenceVerdict = {
  provider: 'simulation'
  simulated: true
  /** The platform key's address that signed the quote. */
  platform: Address
  measurement: Hex
  reportData: Hex
}

export type MakeSimulatedEvidenceParameters = {
  /** SECRET: the simulated platform's secp256k1 key (32 bytes); not retained. */
  platformKey: Uint8Array
  measurement: Hex | Uint8Array
  /** 64 bytes, usually protocol's `evidenceReportData(...)`. */
  reportData: Uint8Array
}

/** SIMULATION ONLY: a software quote signed by the platform key, wrapped as P7 evidence. */
export function makeSimulatedEvidence(parameters: MakeSimulatedEvidenceParameters): Uint8Array {
  const { platformKey, reportData } = parameters
  abytes(platformKey, 32, 'platformKey')
  abytes(reportData, REPORT_DATA_LENGTH, 'reportData')
  const measurement = bytesToHex(bytes32(parameters.measurement, 'measurement'))
  const signature = signDigestWithKey(platformKey, simulatedQuoteSigningHash(measurement, reportData))
  const quote = encodeSimulatedQuote({ measurement, reportData, signature })
  return encodeEvidence({ provider: evidenceProviders.simulation, quote, collateral: new Uint8Array(0) })
}

export type VerifySimulatedEvidenceParameters = {
  evidence: Uint8Array
  /** The simulated platform key's address this deployment trusts. */
  allowedPlatform: Address
  /** Measurements (bytes32 hex) the deployment's policy allows. */
  allowedMeasurements: readonly Hex[]
  /** The report data the verifier computed itself (`evidenceReportData`), 64 bytes. */
  expectedReportData: Uint8Array
}

/**
 * SIMULATION ONLY: verifies simulated evidence. Returns a verdict labelled simulation, or throws
 * ENCLAVE_ATTESTATION_INVALID whose details start with a `SimulatedEvidenceRejection`.
 */
export async function verifySimulatedEvidence(
  parameters: VerifySimulatedEvidenceParameters,
): Promise<SimulatedEvidenceVerdict> {
  const { evidence, allowedPlatform, allowedMeasurements, expectedReportData } = parameters
  abytes(evidence, undefined, 'evidence')
  abytes(expectedReportData, REPORT_DATA_LENGTH, 'expectedReportData')
  const platform = getAddress(allowedPlatform)

  let decoded: ReturnType<typeof decodeEvidence>
  try {
    decoded = decodeEvidence(evidence)
  } catch (err) {
    throw reject('malformed', err instanceof RaceteeError ? err.shortMessage : 'undecodable evidence', err)
  }
  if (decoded.provider !== evidenceProviders.simulation)
    throw reject('notSimulation', `provider ${decoded.provider}`)
  let quote: ReturnType<typeof decodeSimulatedQuote>
  try {
    quote = decodeSimulatedQuote(decoded.quote)
  } catch (err) {
    throw reject('malformed', err instanceof RaceteeError ? err.shortMessage : 'undecodable quote', err)
  }
  const { measurement, reportData, signature } = quote

  let signer: Address
  try {
    signer = await recoverAddress({ hash: simulatedQuoteSigningHash(measurement, reportData), signature })
  } catch (err) {
    throw reject('badSignature', `${(signature.length - 2) / 2}-byte signature`, err)
  }
  if (signer !== platform) throw reject('wrongPlatform', `signer ${signer}`)
  const allowed = allowedMeasurements.some((m) => m.toLowerCase() === measurement.toLowerCase())
  if (!allowed) throw reject('measurementNotAllowed', `measurement ${measurement}`)
  const reportDataHex = bytesToHex(reportData)
  if (reportDataHex !== bytesToHex(expectedReportData))
    throw reject('reportDataMismatch', `report data ${reportDataHex}`)
  return { provider: 'simulation', simulated: true, platform: signer, measurement, reportData: reportDataHex }
}

function reject(reason: SimulatedEvidenceRejection, details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Simulated evidence is not valid.', {
    details: `${reason}: ${details} (simulation)`,
    ...(cause === undefined ? {} : { cause }),
  })
}

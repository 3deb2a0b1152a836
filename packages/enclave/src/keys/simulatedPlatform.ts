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
 * Interim: @racetee/protocol owns the evidence encoding and `evidenceReportData`; they were not
 * committed there when this was written. Replace the local encoders once they land.
 *
 * Secrets: `platformKey` (the simulated platform's secp256k1 key) is the caller's; it signs and
 * is not retained. Nothing else here is secret.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import {
  decodeAbiStrict,
  errorCodes,
  RaceteeError,
  simulatedPlatformDomain,
  simulatedQuoteTypes,
  stripVersion,
  withVersion,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  concat,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hashTypedData,
  hexToBytes,
  keccak256,
  recoverAddress,
  stringToBytes,
} from 'viem'
import { bytes32 } from '../crypto/wireBytes.js'
import { signDigestWithKey } from './enclaveIdentity.js'

/** `provider` values of P7 evidence. */
export const evidenceProviders = { simulation: 1, sgx: 2, tdx: 3 } as const

export const REPORT_DATA_LENGTH = 64

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

const evidenceAbi = [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }] as const
const quoteAbi = [{ type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }] as const

/** P7 report data binding an enclave's keys to one deployment (64 bytes). */
export function evidenceReportData(parameters: {
  chainId: bigint
  mc: Address
  signer: Address
  encryptionKey: Hex | Uint8Array
}): Uint8Array {
  const { chainId, mc, signer, encryptionKey } = parameters
  const inner = keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
        { type: 'address' },
        { type: 'bytes32' },
      ],
      [
        keccak256(stringToBytes('racetee/v1/evidence')),
        chainId,
        mc,
        signer,
        bytesToHex(bytes32(encryptionKey, 'encryptionKey')),
      ],
    ),
    'bytes',
  )
  return concat([inner, new Uint8Array(32)])
}

export type MakeSimulatedEvidenceParameters = {
  /** SECRET: the simulated platform's secp256k1 key (32 bytes); not retained. */
  platformKey: Uint8Array
  measurement: Hex | Uint8Array
  /** 64 bytes, usually `evidenceReportData(...)`. */
  reportData: Uint8Array
}

/** SIMULATION ONLY: a software quote signed by the platform key, wrapped as P7 evidence. */
export function makeSimulatedEvidence(parameters: MakeSimulatedEvidenceParameters): Uint8Array {
  const { platformKey, reportData } = parameters
  abytes(platformKey, 32, 'platformKey')
  abytes(reportData, REPORT_DATA_LENGTH, 'reportData')
  const measurement = bytesToHex(bytes32(parameters.measurement, 'measurement'))
  const digest = simulatedQuoteDigest(measurement, bytesToHex(reportData))
  const signature = signDigestWithKey(platformKey, digest)
  const quote = encodeAbiParameters(quoteAbi, [measurement, bytesToHex(reportData), signature])
  return withVersion(
    hexToBytes(encodeAbiParameters(evidenceAbi, [evidenceProviders.simulation, quote, '0x'])),
  )
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

  let provider: number
  let quote: Hex
  let measurement: Hex
  let reportData: Hex
  let signature: Hex
  try {
    ;[provider, quote] = decodeAbiStrict(evidenceAbi, stripVersion(evidence, 'Evidence'), 'Evidence')
    if (provider !== evidenceProviders.simulation) throw reject('notSimulation', `provider ${provider}`)
    ;[measurement, reportData, signature] = decodeAbiStrict(quoteAbi, hexToBytes(quote), 'Simulated quote')
  } catch (err) {
    if (err instanceof RaceteeError && err.code === errorCodes.ENCLAVE_ATTESTATION_INVALID) throw err
    throw reject('malformed', err instanceof RaceteeError ? err.shortMessage : 'undecodable', err)
  }

  let signer: Address
  try {
    signer = await recoverAddress({ hash: simulatedQuoteDigest(measurement, reportData), signature })
  } catch (err) {
    throw reject('badSignature', `${hexToBytes(signature).length}-byte signature`, err)
  }
  if (signer !== platform) throw reject('wrongPlatform', `signer ${signer}`)
  const allowed = allowedMeasurements.some((m) => m.toLowerCase() === measurement.toLowerCase())
  if (!allowed) throw reject('measurementNotAllowed', `measurement ${measurement}`)
  if (reportData.toLowerCase() !== bytesToHex(expectedReportData))
    throw reject('reportDataMismatch', `report data ${reportData}`)
  return { provider: 'simulation', simulated: true, platform: signer, measurement, reportData }
}

function simulatedQuoteDigest(measurement: Hex, reportData: Hex): Hex {
  return hashTypedData({
    domain: simulatedPlatformDomain,
    types: simulatedQuoteTypes,
    primaryType: 'SimulatedQuote',
    message: { measurement, reportData },
  })
}

function reject(reason: SimulatedEvidenceRejection, details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Simulated evidence is not valid.', {
    details: `${reason}: ${details} (simulation)`,
    ...(cause === undefined ? {} : { cause }),
  })
}

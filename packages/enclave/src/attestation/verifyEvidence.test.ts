import { evidenceReportData, isRaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, keccak256, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeSimulatedEvidence } from '../keys/simulatedPlatform.js'
import type { AdmissionPolicy } from './admissionPolicy.js'
import { createTestDcapPki, type TestDcapPki } from './test/testPki/createTestDcapPki.js'
import { type VerifyEvidenceParameters, verifyEvidence } from './verifyEvidence.js'

const now = 1_790_000_000
const chainId = 31337n
const mc = '0x00000000000000000000000000000000000000cc' as const
const signer = '0x00000000000000000000000000000000000000a1' as const
const encryptionKey: Hex = `0x${'e1'.repeat(32)}`
const reportData = evidenceReportData(chainId, mc, signer, encryptionKey)
const otherReportData = evidenceReportData(chainId, mc, signer, `0x${'e2'.repeat(32)}`)
const platformKey = new Uint8Array(32).fill(5)
const platform = privateKeyToAddress(bytesToHex(platformKey))
const measurement = keccak256(stringToBytes('enclave build 1'))
const MRTD: Hex = `0x${'7d'.repeat(48)}`

let pki: TestDcapPki
let both: AdmissionPolicy

beforeAll(async () => {
  pki = await createTestDcapPki({ now })
  both = {
    simulation: { platform, measurements: [measurement] },
    dcap: { rootCaDer: pki.rootCaDer, policy: { allowedMeasurements: [measurement] } },
  }
})

const simulated = (data = reportData, key = platformKey) =>
  makeSimulatedEvidence({ platformKey: key, measurement, reportData: data })

const params = (
  evidence: Uint8Array,
  over: Partial<VerifyEvidenceParameters> = {},
): VerifyEvidenceParameters => ({
  evidence,
  policy: both,
  expectedReportData: reportData,
  now: BigInt(now),
  ...over,
})

/** Resolves to the refusal's error; fails the test when the evidence is accepted. */
async function refusal(parameters: VerifyEvidenceParameters): Promise<{ message: string; reason: string }> {
  try {
    await verifyEvidence(parameters)
  } catch (err) {
    if (!isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')) throw err
    return { message: err.shortMessage, reason: (err.details ?? '').split(':')[0]! }
  }
  throw new Error('expected a refusal')
}

describe('verifyEvidence', () => {
  it('accepts simulated evidence under the simulation policy, labelled simulation', async () => {
    const verdict = await verifyEvidence(params(simulated()))
    expect(verdict).toMatchObject({ provider: 'simulation', simulated: true, platform, measurement })
  })

  it('behavior: accepts test-PKI SGX and TDX evidence under the DCAP policy at the proven time', async () => {
    const sgx = await pki.issue({ provider: 'sgx', measurement, reportData })
    expect(await verifyEvidence(params(sgx.evidence))).toMatchObject({
      provider: 'sgx',
      simulated: false,
      measurement,
      reportData: bytesToHex(reportData),
    })
    const tdx = await pki.issue({ provider: 'tdx', measurement: MRTD, reportData })
    const tdxOnly: AdmissionPolicy = {
      simulation: null,
      dcap: { rootCaDer: pki.rootCaDer, policy: { allowedMeasurements: [MRTD] } },
    }
    expect(await verifyEvidence(params(tdx.evidence, { policy: tdxOnly }))).toMatchObject({
      provider: 'tdx',
      measurement: MRTD,
    })
  })

  it('error: simulated evidence from another platform key or bound to other keys is refused', async () => {
    const otherPlatform = await refusal(params(simulated(reportData, new Uint8Array(32).fill(6))))
    expect(otherPlatform.reason).toBe('wrongPlatform')
    expect((await refusal(params(simulated(otherReportData)))).reason).toBe('reportDataMismatch')
  })

  it('error: test-PKI evidence bound to other keys, at a time its collateral has expired, or from another root is refused', async () => {
    const bound = await pki.issue({ provider: 'sgx', measurement, reportData: otherReportData })
    expect((await refusal(params(bound.evidence))).reason).toBe('reportDataMismatch')
    const sgx = await pki.issue({ provider: 'sgx', measurement, reportData })
    expect((await refusal(params(sgx.evidence, { now: BigInt(pki.validUntil + 1) }))).reason).toBe('expired')
    const other = await createTestDcapPki({ now, label: 'Other' })
    const foreign = await other.issue({ provider: 'sgx', measurement, reportData })
    expect((await refusal(params(foreign.evidence))).reason).toBe('certificate')
  })

  it('error: a kind whose policy is null is refused, saying which kind', async () => {
    const sgx = await pki.issue({ provider: 'sgx', measurement, reportData })
    const hardwareOnly = { ...both, simulation: null }
    const simulationOnly = { ...both, dcap: null }
    const simulationRefused = await refusal(params(simulated(), { policy: hardwareOnly }))
    expect(simulationRefused).toEqual({
      message: 'Evidence of kind simulation is not accepted by this deployment.',
      reason: 'notAccepted',
    })
    const sgxRefused = await refusal(params(sgx.evidence, { policy: simulationOnly }))
    expect(sgxRefused).toEqual({
      message: 'Evidence of kind sgx is not accepted by this deployment.',
      reason: 'notAccepted',
    })
    await expect(verifyEvidence(params(simulated(), { policy: simulationOnly }))).resolves.toBeTruthy()
  })

  it('error: bytes that are not P7 evidence are refused as malformed', async () => {
    for (const garbage of [new Uint8Array(0), stringToBytes('not evidence'), Uint8Array.of(1, 2, 3)])
      expect((await refusal(params(garbage))).reason).toBe('malformed')
  })

  it('error: report data of the wrong length or a bad now is an argument fault', async () => {
    await expect(
      verifyEvidence(params(simulated(), { expectedReportData: new Uint8Array(32) })),
    ).rejects.toThrow(RangeError)
    await expect(verifyEvidence(params(simulated(), { now: -1n }))).rejects.toThrow(RangeError)
    const missing = {
      ...params(simulated()),
      expectedReportData: undefined,
    } as unknown as VerifyEvidenceParameters
    await expect(verifyEvidence(missing)).rejects.toThrow(RangeError)
  })
})

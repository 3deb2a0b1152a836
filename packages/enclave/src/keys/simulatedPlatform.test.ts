import { evidenceReportData, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import {
  bytesToHex,
  decodeAbiParameters,
  encodeAbiParameters,
  hexToBytes,
  keccak256,
  stringToBytes,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { EnclaveIdentity } from './enclaveIdentity.js'
import { makeSimulatedEvidence, verifySimulatedEvidence } from './simulatedPlatform.js'

const platformKey = hexToBytes(`0x${'0a'.repeat(32)}`)
const platform = privateKeyToAccount(bytesToHex(platformKey)).address
const measurement = keccak256(stringToBytes('racetee enclave build 1'))
const mc = '0x00000000000000000000000000000000000000cc' as const
const enclave = EnclaveIdentity.generate()
const reportData = evidenceReportData(31337n, mc, enclave.address, enclave.encryptionPublicKey)
const policy = {
  allowedPlatform: platform,
  allowedMeasurements: [measurement],
  expectedReportData: reportData,
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
  return (err as RaceteeError).details ?? ''
}

describe('simulated platform evidence', () => {
  it('verifies evidence it made, and labels the verdict simulation', async () => {
    const evidence = makeSimulatedEvidence({ platformKey, measurement, reportData })
    expect(evidence[0]).toBe(1)
    const verdict = await verifySimulatedEvidence({ evidence, ...policy })
    expect(verdict).toEqual({
      provider: 'simulation',
      simulated: true,
      platform,
      measurement,
      reportData: bytesToHex(reportData),
    })
  })

  it('behavior: report data is P7 keccak(abi(...)) ‖ 32 zero bytes', () => {
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
          31337n,
          mc,
          enclave.address,
          enclave.encryptionKeyHex,
        ],
      ),
    )
    expect(bytesToHex(reportData)).toBe(`${inner}${'00'.repeat(32)}`)
  })

  it('behavior: the quote signature is the platform account signTypedData of SimulatedQuote', async () => {
    const evidence = makeSimulatedEvidence({ platformKey, measurement, reportData })
    const [, quote] = decodeAbiParameters(
      [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }],
      evidence.subarray(1),
    )
    const [, , signature] = decodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }],
      quote,
    )
    const expected = await privateKeyToAccount(bytesToHex(platformKey)).signTypedData({
      domain: { name: 'RaceTEE simulated platform', version: '1' },
      types: {
        SimulatedQuote: [
          { name: 'measurement', type: 'bytes32' },
          { name: 'reportData', type: 'bytes' },
        ],
      },
      primaryType: 'SimulatedQuote',
      message: { measurement, reportData: bytesToHex(reportData) },
    })
    expect(signature).toBe(expected)
  })

  it('error: another platform key is wrongPlatform', async () => {
    const evidence = makeSimulatedEvidence({
      platformKey: new Uint8Array(32).fill(0x0b),
      measurement,
      reportData,
    })
    expect(await rejection(verifySimulatedEvidence({ evidence, ...policy }))).toMatch(/^wrongPlatform/)
  })

  it('error: a measurement outside the policy is measurementNotAllowed', async () => {
    const evidence = makeSimulatedEvidence({ platformKey, measurement: keccak256('0x01'), reportData })
    expect(await rejection(verifySimulatedEvidence({ evidence, ...policy }))).toMatch(
      /^measurementNotAllowed/,
    )
  })

  it('error: report data for other keys or another deployment is reportDataMismatch', async () => {
    const other = evidenceReportData(1n, mc, enclave.address, enclave.encryptionPublicKey)
    const evidence = makeSimulatedEvidence({ platformKey, measurement, reportData: other })
    expect(await rejection(verifySimulatedEvidence({ evidence, ...policy }))).toMatch(/^reportDataMismatch/)
  })

  it('error: a non-simulation provider, bad framing or a bad signature is refused', async () => {
    const evidence = makeSimulatedEvidence({ platformKey, measurement, reportData })
    const [, quote] = decodeAbiParameters(
      [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }],
      evidence.subarray(1),
    )
    const sgx = new Uint8Array([
      1,
      ...hexToBytes(
        encodeAbiParameters([{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }], [2, quote, '0x']),
      ),
    ])
    expect(await rejection(verifySimulatedEvidence({ evidence: sgx, ...policy }))).toMatch(/^notSimulation/)
    expect(
      await rejection(verifySimulatedEvidence({ evidence: evidence.subarray(0, 40), ...policy })),
    ).toMatch(/^malformed/)
    const v2 = evidence.slice()
    v2[0] = 2
    expect(await rejection(verifySimulatedEvidence({ evidence: v2, ...policy }))).toMatch(/^malformed/)
    const badSig = new Uint8Array([
      1,
      ...hexToBytes(
        encodeAbiParameters(
          [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }],
          [
            1,
            encodeAbiParameters(
              [{ type: 'bytes32' }, { type: 'bytes' }, { type: 'bytes' }],
              [measurement, bytesToHex(reportData), `0x${'00'.repeat(65)}`],
            ),
            '0x',
          ],
        ),
      ),
    ])
    expect(await rejection(verifySimulatedEvidence({ evidence: badSig, ...policy }))).toMatch(
      /^(badSignature|wrongPlatform)/,
    )
  })

  it('error: bad shapes are TypeError/RangeError naming the parameter', () => {
    expect(() => makeSimulatedEvidence({ platformKey: new Uint8Array(31), measurement, reportData })).toThrow(
      /platformKey/,
    )
    expect(() => makeSimulatedEvidence({ platformKey, measurement, reportData: new Uint8Array(32) })).toThrow(
      /reportData/,
    )
    expect(() => makeSimulatedEvidence({ platformKey, measurement: '0x01', reportData })).toThrow(
      /measurement/,
    )
  })
})

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { evidenceReportData, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { keccak256, stringToBytes } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { verifySimulatedEvidence } from '../keys/simulatedPlatform.js'
import { evidenceMeasurement } from './evidenceMeasurement.js'
import { simulationPlatform } from './simulationPlatform.js'
import { caught, removeTempDirs, storeOf, tempDir } from './test/platformTestKit.js'

const mc = '0x00000000000000000000000000000000000000cc' as const
const measurement = keccak256(stringToBytes('build 1'))

function keyFile(key = generatePrivateKey()): { path: string; key: `0x${string}` } {
  const path = join(tempDir(), 'platform.key')
  writeFileSync(path, `${key}\n`)
  return { path, key }
}

afterEach(removeTempDirs)

describe('simulationPlatform', () => {
  it('signs simulated evidence with the platform key and says it is simulated', async () => {
    const { path, key } = keyFile()
    const platform = simulationPlatform({ platformKeyFile: path, measurement })
    expect(platform).toMatchObject({
      provider: 'simulation',
      simulated: true,
      sealingKeySource: 'simulated-platform-key',
    })
    expect(await platform.platformAddress()).toBe(privateKeyToAddress(key))
    const reportData = evidenceReportData(31337n, mc, mc, new Uint8Array(32))
    const evidence = await platform.evidence(reportData)
    const verdict = await verifySimulatedEvidence({
      evidence,
      allowedPlatform: privateKeyToAddress(key),
      allowedMeasurements: [measurement],
      expectedReportData: reportData,
    })
    expect(verdict.simulated).toBe(true)
    expect(evidenceMeasurement(evidence)).toBe(measurement)
  })

  it('behavior: state sealed under one platform key and measurement opens after a restart, and not under another key or measurement', async () => {
    const { path, key } = keyFile()
    const dataDir = tempDir()
    const created = await (
      await storeOf(simulationPlatform({ platformKeyFile: path, measurement }), dataDir)
    ).loadOrCreate()
    const restarted = simulationPlatform({ platformKeyFile: keyFile(key).path, measurement })
    expect((await (await storeOf(restarted, dataDir)).load())?.identity.address).toBe(
      created.identity.address,
    )

    const others = [
      simulationPlatform({ platformKeyFile: keyFile().path, measurement }),
      simulationPlatform({ platformKeyFile: path, measurement: keccak256(stringToBytes('build 2')) }),
    ]
    for (const other of others) {
      const err = await caught((await storeOf(other, dataDir)).load())
      expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    }
  })

  it('error: an unreadable or malformed key file is ENCLAVE_NOT_INITIALISED without its content', async () => {
    const missing = simulationPlatform({ platformKeyFile: join(tempDir(), 'absent.key'), measurement })
    expect(isRaceteeError(await caught(missing.sealingKey()), 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    const { path } = keyFile()
    writeFileSync(path, 'not a key at all')
    const err = await caught(simulationPlatform({ platformKeyFile: path, measurement }).platformAddress())
    expect(isRaceteeError(err, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((err as RaceteeError).details).not.toContain('not a key')
  })
})

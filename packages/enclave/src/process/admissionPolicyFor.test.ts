import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants as dcapConstants } from '@phala/dcap-qvl'
import { describe, expect, it } from 'vitest'
import { admissionPolicyFor } from './admissionPolicyFor.js'
import type { EnclaveInitConfig } from './messages.js'
import { parseInitConfig } from './validateCall.js'

const common = { chainId: 1n, mc: `0x${'cc'.repeat(20)}`, dataDir: '/d', rpcUrl: 'http://x' } as const
const platform = `0x${'aa'.repeat(20)}` as const
const sgxMeasurement = `0x${'11'.repeat(32)}` as const
const sgx = (extra: object = {}): EnclaveInitConfig => ({
  ...common,
  provider: 'sgx-gramine',
  collateral: { file: '/c.json' },
  insecureTrustedRpc: true,
  ...extra,
})

describe('admissionPolicyFor', () => {
  it('a hardware enclave admits only DCAP quotes of its own build, under Intel’s root by default', async () => {
    const policy = await admissionPolicyFor({
      config: sgx(),
      simulated: false,
      platform,
      measurement: sgxMeasurement,
    })
    expect(policy.simulation).toBeNull()
    expect(policy.dcap?.policy).toEqual({ allowedMeasurements: [sgxMeasurement] })
    expect(Buffer.from(policy.dcap!.rootCaDer).equals(dcapConstants.TRUSTED_ROOT_CA_DER)).toBe(true)
  })

  it('behavior: a simulated enclave admits only simulated evidence from its platform and build', async () => {
    const config: EnclaveInitConfig = {
      ...common,
      provider: 'simulation',
      simulatedPlatformKeyFile: '/k',
      measurement: sgxMeasurement,
    }
    expect(
      await admissionPolicyFor({ config, simulated: true, platform, measurement: sgxMeasurement }),
    ).toEqual({
      simulation: { platform, measurements: [sgxMeasurement] },
      dcap: null,
    })
  })

  it('behavior: a configured root CA file and minimum TCB status are used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racetee-root-'))
    try {
      writeFileSync(join(dir, 'root.der'), Buffer.from([1, 2, 3]))
      const config = parseInitConfig(
        sgx({ dcapRootCaFile: join(dir, 'root.der'), minimumTcbStatus: 'SWHardeningNeeded' }),
      )
      const policy = await admissionPolicyFor({
        config,
        simulated: false,
        platform,
        measurement: sgxMeasurement,
      })
      expect([...policy.dcap!.rootCaDer]).toEqual([1, 2, 3])
      expect(policy.dcap!.policy.minimumTcbStatus).toBe('SWHardeningNeeded')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('error: an unreadable root CA file or an unknown TCB status is refused', async () => {
    await expect(
      admissionPolicyFor({
        config: sgx({ dcapRootCaFile: '/nonexistent/root.der' }),
        simulated: false,
        platform,
        measurement: sgxMeasurement,
      }),
    ).rejects.toMatchObject({ code: 'ENCLAVE_NOT_INITIALISED' })
    expect(() => parseInitConfig(sgx({ minimumTcbStatus: 'Fine' }))).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_MALFORMED' }),
    )
  })
})

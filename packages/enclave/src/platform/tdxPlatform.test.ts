import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeEvidence, evidenceProviders, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { bytesToHex } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeDcapEvidence } from '../attestation/dcapEvidence.js'
import { readQuoteReport } from './readQuoteReport.js'
import { tdxPlatform } from './tdxPlatform.js'
import { type FakeTsmReportParameters, fakeTsmReport } from './test/fakeTsmReport.js'
import { minimalQuote } from './test/minimalQuote.js'
import { caught, collateralFile, removeTempDirs, storeOf, tempDir } from './test/platformTestKit.js'

const reportDir = '/sys/kernel/config/tsm/report'
const reportData = new Uint8Array(64).map((_, i) => 200 - i)

function setup(options: Omit<FakeTsmReportParameters, 'dir'> = {}, key = generatePrivateKey()) {
  const root = tempDir()
  const sealingKeyFile = join(root, 'sealing.key')
  writeFileSync(sealingKeyFile, `${key}\n`, { mode: 0o600 })
  const tsm = fakeTsmReport({ dir: reportDir, ...options })
  const platform = tdxPlatform({
    tsmReportDir: reportDir,
    sealingKeyFile,
    collateral: { file: collateralFile(root) },
    fs: tsm.fs,
  })
  return { tsm, platform, sealingKeyFile, key }
}

afterEach(removeTempDirs)

describe('tdxPlatform', () => {
  it('makes a report entry, writes inblob, reads a TD quote carrying it, removes the entry, and wraps it as P7 tdx evidence', async () => {
    const { tsm, platform } = setup()
    expect(platform).toMatchObject({ provider: 'tdx', simulated: false, sealingKeySource: 'tdx-key-file' })
    const evidence = await platform.evidence(reportData)
    expect(decodeEvidence(evidence).provider).toBe(evidenceProviders.tdx)
    const decoded = decodeDcapEvidence(evidence)
    expect(decoded.provider).toBe('tdx')
    expect(readQuoteReport(decoded.quote).reportData).toEqual(reportData)
    expect(tsm.entries()).toBe(0)
    expect(tsm.outblobReads()).toBe(1)
  })

  it('behavior: a generation that moves once is retried and the second quote is used', async () => {
    const { tsm, platform } = setup({ contendedReads: 1 })
    const evidence = await platform.evidence(reportData)
    expect(readQuoteReport(decodeDcapEvidence(evidence).quote).reportData).toEqual(reportData)
    expect(tsm.outblobReads()).toBe(2)
    expect(tsm.entries()).toBe(0)
  })

  it('behavior: state sealed under the TD key file opens after a restart, and not under another TD’s key file', async () => {
    const { platform, sealingKeyFile, key } = setup()
    const dataDir = tempDir()
    const created = await (await storeOf(platform, dataDir)).loadOrCreate()
    const restarted = setup({}, key)
    expect(restarted.sealingKeyFile).not.toBe(sealingKeyFile)
    const again = await (await storeOf(restarted.platform, dataDir)).loadOrCreate()
    expect(again.created).toBe(false)
    expect(again.identity.address).toBe(created.identity.address)

    const otherTd = setup()
    const err = await caught((await storeOf(otherTd.platform, dataDir)).load())
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
  })

  it('behavior: the sealing key is 32 bytes and is not the key file’s bytes', async () => {
    const { platform, key } = setup()
    const sealing = await platform.sealingKey()
    expect(sealing.length).toBe(32)
    expect(bytesToHex(sealing)).not.toBe(key)
  })
  it('error: a generation that keeps moving fails after one retry, and the entry is still removed', async () => {
    const { tsm, platform } = setup({ contendedReads: 2 })
    const err = await caught(platform.evidence(reportData))
    expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^generationMoved: /)
    expect(tsm.outblobReads()).toBe(2)
    expect(tsm.entries()).toBe(0)
  })

  it('error: another TSM provider, a quote not carrying our report data, or an SGX quote is refused', async () => {
    const sev = setup({ provider: 'sev_guest' })
    const wrong = await caught(sev.platform.evidence(reportData))
    expect(isRaceteeError(wrong, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((wrong as RaceteeError).details).toMatch(/^wrongProvider: .* reads "sev_guest"/)
    expect(sev.tsm.outblobReads()).toBe(0)
    expect(sev.tsm.entries()).toBe(0)

    const stale = setup({ answer: () => minimalQuote({ tee: 'tdx', reportData: new Uint8Array(64) }) })
    const mismatch = await caught(stale.platform.evidence(reportData))
    expect(isRaceteeError(mismatch, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((mismatch as RaceteeError).details).toMatch(/^reportDataMismatch: /)

    const sgx = setup({ answer: (inblob) => minimalQuote({ tee: 'sgx', reportData: inblob }) })
    expect(((await caught(sgx.platform.evidence(reportData))) as RaceteeError).details).toMatch(/^wrongTee: /)
  })

  it('error: no configfs-tsm, a missing or malformed key file: clear errors that never show the key', async () => {
    const { platform, sealingKeyFile } = setup()
    const absent = tdxPlatform({
      tsmReportDir: '/nonexistent/tsm/report',
      sealingKeyFile,
      collateral: { file: 'unused' },
      fs: fakeTsmReport({ dir: reportDir }).fs,
    })
    const noTsm = await caught(absent.evidence(reportData))
    expect(isRaceteeError(noTsm, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((noTsm as RaceteeError).details).toMatch(/^tsmUnavailable: mkdir .* \(ENOENT\)/)

    const missingKey = tdxPlatform({ sealingKeyFile: join(tempDir(), 'none.key'), collateral: { file: 'x' } })
    const noKey = await caught(missingKey.sealingKey())
    expect(isRaceteeError(noKey, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((noKey as RaceteeError).details).toMatch(/none\.key \(ENOENT\)/)

    const secretish = 'ab'.repeat(31)
    writeFileSync(sealingKeyFile, secretish)
    const short = await caught(platform.sealingKey())
    expect((short as RaceteeError).details).toMatch(/62 characters, expected 64 hex digits/)
    expect(JSON.stringify({ ...(short as RaceteeError), message: (short as Error).message })).not.toContain(
      secretish,
    )
    await expect(platform.evidence(new Uint8Array(65))).rejects.toBeInstanceOf(RangeError)
  })
})

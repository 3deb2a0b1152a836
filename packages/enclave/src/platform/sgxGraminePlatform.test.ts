import { rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { decodeEvidence, evidenceProviders, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { bytesToHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeDcapEvidence } from '../attestation/dcapEvidence.js'
import { readQuoteReport } from './readQuoteReport.js'
import { sgxGraminePlatform } from './sgxGraminePlatform.js'
import { type FakeGramineAttestation, startFakeGramineAttestation } from './test/fakeGramineAttestation.js'
import { minimalQuote } from './test/minimalQuote.js'
import { caught, collateralFile, removeTempDirs, storeOf, tempDir } from './test/platformTestKit.js'

const fakes: FakeGramineAttestation[] = []
const reportData = new Uint8Array(64).map((_, i) => i + 1)
const mrenclaveKey = new Uint8Array(16).fill(0x5a)

function setup(options: Omit<Parameters<typeof startFakeGramineAttestation>[0], 'dir'> = {}) {
  const root = tempDir()
  const fake = startFakeGramineAttestation({ dir: join(root, 'attestation'), mrenclaveKey, ...options })
  fakes.push(fake)
  const platform = sgxGraminePlatform({
    attestationDir: fake.dir,
    collateral: { file: collateralFile(root) },
  })
  return { root, fake, platform }
}

afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.stop()
  removeTempDirs()
})

describe('sgxGraminePlatform', () => {
  it('writes the report data, reads a quote carrying it, and wraps it as P7 sgx evidence with collateral', async () => {
    const { platform, fake } = setup()
    expect(platform).toMatchObject({
      provider: 'sgx-gramine',
      simulated: false,
      sealingKeySource: 'sgx-mrenclave',
    })
    const evidence = await platform.evidence(reportData)
    expect(decodeEvidence(evidence).provider).toBe(evidenceProviders.sgx)
    const decoded = decodeDcapEvidence(evidence)
    expect(decoded.provider).toBe('sgx')
    expect(readQuoteReport(decoded.quote).reportData).toEqual(reportData)
    expect(typeof decoded.collateral.tcb_info).toBe('string')
    // A second quote for other report data: the platform asks again, it does not cache.
    const other = reportData.map((b) => b ^ 0xff)
    expect(readQuoteReport(decodeDcapEvidence(await platform.evidence(other)).quote).reportData).toEqual(
      other,
    )
    expect(fake.quotesServed()).toBe(2)
  })

  it('behavior: state sealed under the MRENCLAVE key opens after a restart, and not under another enclave’s key', async () => {
    const { root, platform } = setup()
    const dataDir = tempDir()
    const created = await (await storeOf(platform, dataDir)).loadOrCreate()
    const restarted = await (
      await storeOf(
        sgxGraminePlatform({ attestationDir: join(root, 'attestation'), collateral: { file: 'unused' } }),
        dataDir,
      )
    ).loadOrCreate()
    expect(restarted.created).toBe(false)
    expect(restarted.identity.address).toBe(created.identity.address)

    const otherCpu = setup({ mrenclaveKey: new Uint8Array(16).fill(0x5b) })
    const err = await caught((await storeOf(otherCpu.platform, dataDir)).load())
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
  })

  it('behavior: the sealing key is 32 bytes, differs from the Gramine key, and is stable', async () => {
    const { platform } = setup()
    const key = await platform.sealingKey()
    expect(key.length).toBe(32)
    expect(bytesToHex(key)).not.toContain(bytesToHex(mrenclaveKey).slice(2))
    expect(await platform.sealingKey()).toEqual(key)
  })

  it('error: an attestation type other than dcap is refused before anything is written', async () => {
    const { platform, fake } = setup({ attestationType: 'none' })
    const err = await caught(platform.evidence(reportData))
    expect(isRaceteeError(err, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^wrongAttestationType: .* reads "none"/)
    expect(fake.quotesServed()).toBe(0)
  })

  it('error: a quote whose report data is not ours, or that is not an SGX quote, is refused', async () => {
    const stale = setup({ answer: () => minimalQuote({ tee: 'sgx', reportData: new Uint8Array(64) }) })
    const err = await caught(stale.platform.evidence(reportData))
    expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^reportDataMismatch: /)

    const td = setup({ answer: (data) => minimalQuote({ tee: 'tdx', reportData: data }) })
    expect(((await caught(td.platform.evidence(reportData))) as RaceteeError).details).toMatch(/^wrongTee: /)

    const garbage = setup({ answer: () => new Uint8Array(10) })
    const malformed = await caught(garbage.platform.evidence(reportData))
    expect(isRaceteeError(malformed, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((malformed as RaceteeError).details).toMatch(/^malformed: /)
  })

  it('error: missing pseudo-files, key or collateral name the file, never its content', async () => {
    const noKey = setup()
    rmSync(join(noKey.fake.dir, 'keys', '_sgx_mrenclave'), { force: true })
    const keyErr = await caught(noKey.platform.sealingKey())
    expect(isRaceteeError(keyErr, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((keyErr as RaceteeError).details).toMatch(/_sgx_mrenclave \(ENOENT\)/)

    const shortKey = setup()
    writeFileSync(join(shortKey.fake.dir, 'keys', '_sgx_mrenclave'), new Uint8Array(15).fill(0x77))
    const shortErr = await caught(shortKey.platform.sealingKey())
    expect((shortErr as RaceteeError).details).toMatch(/15 bytes, expected 16/)
    expect(JSON.stringify(shortErr)).not.toContain('7777')

    const notGramine = sgxGraminePlatform({
      attestationDir: join(tempDir(), 'absent'),
      collateral: { file: 'x' },
    })
    const absent = await caught(notGramine.evidence(reportData))
    expect(isRaceteeError(absent, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((absent as RaceteeError).details).toMatch(/attestation_type \(ENOENT\)/)

    const { fake } = setup()
    const noCollateral = sgxGraminePlatform({
      attestationDir: fake.dir,
      collateral: { file: join(tempDir(), 'none.json') },
    })
    const collateralErr = await caught(noCollateral.evidence(reportData))
    expect(isRaceteeError(collateralErr, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((collateralErr as RaceteeError).details).toMatch(/^collateralUnavailable: /)

    const root = tempDir()
    writeFileSync(join(root, 'bad.json'), '{"tcb_info": 1}')
    const badCollateral = sgxGraminePlatform({
      attestationDir: fake.dir,
      collateral: { file: join(root, 'bad.json') },
    })
    expect(((await caught(badCollateral.evidence(reportData))) as RaceteeError).details).toMatch(
      /^collateralMalformed: /,
    )
    // A PCCS nobody answers (a port the OS handed out, then closed): no network leaves the host.
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const deadPccs = `http://127.0.0.1:${port}/sgx/certification/v4/`
    const noPccs = sgxGraminePlatform({ attestationDir: fake.dir, collateral: { pccsUrl: deadPccs } })
    const pccsErr = await caught(noPccs.evidence(reportData))
    expect(isRaceteeError(pccsErr, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((pccsErr as RaceteeError).details).toBe(`collateralUnavailable: PCCS ${deadPccs}`)
    await expect(platformWithWrongReportData()).rejects.toBeInstanceOf(RangeError)
  })
})

function platformWithWrongReportData(): Promise<unknown> {
  return sgxGraminePlatform({ collateral: { file: 'x' } }).evidence(new Uint8Array(63))
}

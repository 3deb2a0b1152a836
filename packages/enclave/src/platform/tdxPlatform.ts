/**
 * The `tdx` platform (D2): the executor runs in an Intel TDX guest and asks for quotes through
 * the kernel's configfs-tsm interface (Documentation/ABI/testing/configfs-tsm):
 * `mkdir <report dir>/<entry>` creates a report entry whose attributes appear with it; `provider`
 * reads `tdx_guest`; writing 64 bytes to `inblob` and reading `outblob` yields a TD quote
 * carrying them; `generation` counts writes to the entry, so a reader that sees it move by
 * other than its own one write knows someone else's inblob may be in its outblob. We retry that
 * once, then fail. The entry is removed afterwards (`rmdir`).
 *
 * Evidence (P7, provider tdx 3): the quote as produced, checked to be a TD quote carrying the
 * report data we wrote, plus PCCS collateral from a file or a PCCS (`loadDcapCollateral`).
 *
 * Sealing key: TDX has no hardware sealing key (no EGETKEY). The key is a file of 32 random bytes
 * on the TD's encrypted, measured root filesystem, given in config:
 * `HKDF-SHA256(ikm = file key, salt = "", info = TDX_SEALING_KEY_INFO, 32)`. The sealed file is
 * therefore only as safe as that file: whoever boots a TD (or mounts the disk) that can read it
 * opens `enclave.sealed`. docs/hardware.md says how to keep that key behind attestation;
 * `describe()` says `sealingKey: 'tdx-key-file'`.
 *
 * Secrets: the key file's bytes and the derived key; the former is wiped at once, the latter is
 * the caller's to wipe.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { REPORT_DATA_LENGTH } from '@racetee/protocol'
import { bytesToHex, stringToBytes } from 'viem'
import { encodeDcapEvidence } from '../attestation/dcapEvidence.js'
import type { DcapCollateralSource } from '../process/messages.js'
import { loadDcapCollateral } from './loadDcapCollateral.js'
import type { Platform } from './Platform.js'
import { fileText, platformEvidenceInvalid, platformUnavailable, readHexKeyFile } from './platformFiles.js'
import { readQuoteReport } from './readQuoteReport.js'

export const DEFAULT_TSM_REPORT_DIR = '/sys/kernel/config/tsm/report'
export const TDX_SEALING_KEY_INFO = 'racetee/v1/tdx-sealing-key'
const ATTEMPTS = 2

/**
 * The four operations configfs-tsm is driven by. Default: node:fs. A test passes a fake with
 * configfs's semantics (attributes that appear with `mkdir`, a `generation` that counts
 * writes), which a plain directory cannot have.
 */
export type TsmFileSystem = {
  mkdir(path: string): Promise<unknown>
  rmdir(path: string): Promise<unknown>
  readFile(path: string): Promise<Uint8Array>
  writeFile(path: string, bytes: Uint8Array): Promise<unknown>
}

const nodeTsm: TsmFileSystem = { mkdir, rmdir, readFile, writeFile }

export type TdxPlatformParameters = {
  /** configfs-tsm's report directory; default `/sys/kernel/config/tsm/report`. */
  tsmReportDir?: string
  /** 32 bytes as hex, on the TD's encrypted root filesystem (see above). */
  sealingKeyFile: string
  collateral: DcapCollateralSource
  fs?: TsmFileSystem
}

export function tdxPlatform(parameters: TdxPlatformParameters): Platform {
  const dir = parameters.tsmReportDir ?? DEFAULT_TSM_REPORT_DIR
  const fs = parameters.fs ?? nodeTsm
  const io = async <T>(what: string, path: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'I/O error'
      throw platformUnavailable('tsmUnavailable', `${what} ${path} (${code})`)
    }
  }
  const read = async (path: string) => new Uint8Array(await io('read', path, () => fs.readFile(path)))
  const generation = async (entry: string): Promise<bigint> => {
    const text = fileText(await read(join(entry, 'generation')))
    if (!/^\d{1,20}$/.test(text))
      throw platformUnavailable('malformed', `${entry}/generation reads "${text.slice(0, 24)}"`)
    return BigInt(text)
  }

  /** One inblob → outblob exchange; null when `generation` says another writer intervened. */
  const exchange = async (entry: string, reportData: Uint8Array): Promise<Uint8Array | null> => {
    const before = await generation(entry)
    await io('write', join(entry, 'inblob'), () => fs.writeFile(join(entry, 'inblob'), reportData))
    const quote = await read(join(entry, 'outblob'))
    return (await generation(entry)) === before + 1n ? quote : null
  }

  return {
    provider: 'tdx',
    simulated: false,
    sealingKeySource: 'tdx-key-file',
    async sealingKey() {
      // SECRET: the key file's bytes; wiped as soon as the sealing key is derived.
      const key = await readHexKeyFile(parameters.sealingKeyFile, 'TDX sealing key file')
      try {
        return hkdf(sha256, key, new Uint8Array(0), stringToBytes(TDX_SEALING_KEY_INFO), 32)
      } finally {
        key.fill(0)
      }
    },
    async evidence(reportData) {
      if (!(reportData instanceof Uint8Array) || reportData.length !== REPORT_DATA_LENGTH)
        throw new RangeError(`reportData must be ${REPORT_DATA_LENGTH} bytes`)
      // An entry of our own: a name nobody else uses, so only a hostile writer can interleave.
      const entry = join(dir, `racetee-${process.pid}-${randomBytes(6).toString('hex')}`)
      await io('mkdir', entry, () => fs.mkdir(entry))
      let quote: Uint8Array | null = null
      try {
        const provider = fileText(await read(join(entry, 'provider')))
        if (provider !== 'tdx_guest')
          throw platformUnavailable(
            'wrongProvider',
            `${entry}/provider reads "${provider.slice(0, 24)}", expected "tdx_guest"`,
          )
        for (let attempt = 0; attempt < ATTEMPTS && quote === null; attempt++)
          quote = await exchange(entry, reportData)
      } finally {
        await fs.rmdir(entry).catch(() => undefined) // best effort: a left entry holds no secret
      }
      if (quote === null)
        throw platformEvidenceInvalid(
          'generationMoved',
          `${entry}: another writer changed the report ${ATTEMPTS} times`,
        )
      const report = readQuoteReport(quote)
      if (report.tee !== 'tdx')
        throw platformEvidenceInvalid('wrongTee', `a ${report.tee} quote from configfs-tsm`)
      if (bytesToHex(report.reportData) !== bytesToHex(reportData))
        throw platformEvidenceInvalid(
          'reportDataMismatch',
          `the quote carries ${bytesToHex(report.reportData)}`,
        )
      const collateral = await loadDcapCollateral({ source: parameters.collateral, provider: 'tdx', quote })
      return encodeDcapEvidence({ provider: 'tdx', quote, collateral })
    },
  }
}

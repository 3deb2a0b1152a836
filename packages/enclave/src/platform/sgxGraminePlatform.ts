/**
 * The `sgx-gramine` platform (D2): the executor's enclave process runs inside Gramine-SGX, and
 * Gramine exposes the CPU through pseudo-files in `/dev/attestation` (Gramine's "Attestation
 * and Secret Provisioning" documentation):
 * - `attestation_type` reads `dcap` when the manifest sets `sgx.remote_attestation = "dcap"`;
 * - writing 64 bytes to `user_report_data` and then reading `quote` yields a DCAP quote (v3)
 *   whose report data is those bytes, signed by the Quoting Enclave;
 * - `keys/_sgx_mrenclave` reads 16 bytes: the CPU's seal key for this MRENCLAVE (EGETKEY with
 *   MRENCLAVE policy), the same on every start of the same build on the same CPU.
 *
 * Evidence (P7, provider sgx 2): the quote as produced, checked to be an SGX quote carrying the
 * report data we wrote (a stale or foreign quote is refused before it becomes our evidence),
 * plus PCCS collateral from a file or a PCCS (`loadDcapCollateral`).
 *
 * Sealing key: `HKDF-SHA256(ikm = _sgx_mrenclave key, salt = "", info = SGX_SEALING_KEY_INFO, 32)`,
 * so `enclave.sealed` opens only in the same enclave measurement on the same CPU.
 *
 * Secrets: the 16-byte Gramine key and the derived key; the former is wiped at once, the latter
 * is the caller's to wipe.
 * @module
 */
import { join } from 'node:path'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { REPORT_DATA_LENGTH } from '@racetee/protocol'
import { bytesToHex, stringToBytes } from 'viem'
import { encodeDcapEvidence } from '../attestation/dcapEvidence.js'
import type { DcapCollateralSource } from '../process/messages.js'
import { loadDcapCollateral } from './loadDcapCollateral.js'
import type { Platform } from './Platform.js'
import {
  fileText,
  platformEvidenceInvalid,
  platformUnavailable,
  readPlatformFile,
  writePlatformFile,
} from './platformFiles.js'
import { readQuoteReport } from './readQuoteReport.js'

export const DEFAULT_GRAMINE_ATTESTATION_DIR = '/dev/attestation'
export const SGX_SEALING_KEY_INFO = 'racetee/v1/sgx-sealing-key'
const GRAMINE_MRENCLAVE_KEY_LENGTH = 16

export type SgxGraminePlatformParameters = {
  /** Gramine's attestation pseudo-files; default `/dev/attestation`. */
  attestationDir?: string
  collateral: DcapCollateralSource
}

export function sgxGraminePlatform(parameters: SgxGraminePlatformParameters): Platform {
  const dir = parameters.attestationDir ?? DEFAULT_GRAMINE_ATTESTATION_DIR
  return {
    provider: 'sgx-gramine',
    simulated: false,
    sealingKeySource: 'sgx-mrenclave',
    async sealingKey() {
      const path = join(dir, 'keys', '_sgx_mrenclave')
      // SECRET: the CPU's MRENCLAVE-bound key; wiped as soon as the sealing key is derived.
      const key = await readPlatformFile(path)
      try {
        if (key.length !== GRAMINE_MRENCLAVE_KEY_LENGTH)
          throw platformUnavailable('malformed', `${path}: ${key.length} bytes, expected 16`)
        return hkdf(sha256, key, new Uint8Array(0), stringToBytes(SGX_SEALING_KEY_INFO), 32)
      } finally {
        key.fill(0)
      }
    },
    async evidence(reportData) {
      if (!(reportData instanceof Uint8Array) || reportData.length !== REPORT_DATA_LENGTH)
        throw new RangeError(`reportData must be ${REPORT_DATA_LENGTH} bytes`)
      const type = fileText(await readPlatformFile(join(dir, 'attestation_type')))
      if (type !== 'dcap')
        throw platformUnavailable(
          'wrongAttestationType',
          `${join(dir, 'attestation_type')} reads "${type.slice(0, 16)}", expected "dcap" (sgx.remote_attestation)`,
        )
      await writePlatformFile(join(dir, 'user_report_data'), reportData)
      const quote = await readPlatformFile(join(dir, 'quote'))
      const report = readQuoteReport(quote)
      if (report.tee !== 'sgx')
        throw platformEvidenceInvalid('wrongTee', `a ${report.tee} quote from Gramine`)
      if (bytesToHex(report.reportData) !== bytesToHex(reportData))
        throw platformEvidenceInvalid(
          'reportDataMismatch',
          `the quote carries ${bytesToHex(report.reportData)}`,
        )
      const collateral = await loadDcapCollateral({ source: parameters.collateral, provider: 'sgx', quote })
      return encodeDcapEvidence({ provider: 'sgx', quote, collateral })
    },
  }
}

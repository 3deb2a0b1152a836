/**
 * The attestation platform inside the enclave process (D2 providers, P7 evidence): where the
 * sealing key comes from and how evidence is produced, for `simulation` (a local platform key),
 * `sgx-gramine` (Gramine's `/dev/attestation`) and `tdx` (configfs-tsm).
 *
 * Owns: talking to the platform's files, checking that a quote carries the report data asked
 * for, deriving each provider's sealing key, attaching PCCS collateral. Does not own: verifying
 * anyone's evidence (../attestation), the sealed file's format (../sealing), which report data to
 * ask for (@racetee/protocol `evidenceReportData`). Invariants: sealing keys and key files are
 * SECRET and wiped after use; errors name files and errnos, never their bytes; only `simulation`
 * says `simulated: true`.
 */
export { createPlatform } from './createPlatform.js'
export { evidenceMeasurement } from './evidenceMeasurement.js'
export { type LoadDcapCollateralParameters, loadDcapCollateral } from './loadDcapCollateral.js'
export { type Platform, sealedStateProviderOf } from './Platform.js'
export { type QuoteReport, readQuoteReport } from './readQuoteReport.js'
export {
  DEFAULT_GRAMINE_ATTESTATION_DIR,
  SGX_SEALING_KEY_INFO,
  type SgxGraminePlatformParameters,
  sgxGraminePlatform,
} from './sgxGraminePlatform.js'
export {
  type SimulationPlatform,
  type SimulationPlatformParameters,
  simulationPlatform,
} from './simulationPlatform.js'
export {
  DEFAULT_TSM_REPORT_DIR,
  TDX_SEALING_KEY_INFO,
  type TdxPlatformParameters,
  type TsmFileSystem,
  tdxPlatform,
} from './tdxPlatform.js'

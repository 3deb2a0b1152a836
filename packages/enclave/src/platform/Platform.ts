/**
 * The attestation platform the enclave runs on (D2 `EnclaveProvider`, docs/protocol.md P7), seen
 * from inside the enclave process: where its sealing key comes from and how it produces evidence.
 * `simulation` signs software quotes with a local key; `sgx-gramine` and `tdx` read the CPU's
 * quote through files (Gramine's `/dev/attestation`, configfs-tsm), which is why they can be
 * tested here against fake directories.
 * @module
 */
import type { EnclaveProviderName, SealingKeySource } from '../process/messages.js'
import { type SealedStateProvider, sealedStateProviders } from '../sealing/sealedStateFile.js'

export type Platform = {
  readonly provider: EnclaveProviderName
  /** True only for the simulation provider: nothing it produces claims hardware security. */
  readonly simulated: boolean
  readonly sealingKeySource: SealingKeySource
  /** SECRET: the 32-byte key `enclave.sealed` is sealed under; the caller wipes it. */
  sealingKey(): Promise<Uint8Array>
  /** P7 evidence over `reportData` (64 bytes, `evidenceReportData`). Public. */
  evidence(reportData: Uint8Array): Promise<Uint8Array>
}

/** The sealed file's provider byte (P7's numbering), so a file says what kind of key sealed it. */
export function sealedStateProviderOf(provider: EnclaveProviderName): SealedStateProvider {
  switch (provider) {
    case 'simulation':
      return sealedStateProviders.simulation
    case 'sgx-gramine':
      return sealedStateProviders.sgx
    case 'tdx':
      return sealedStateProviders.tdx
  }
}

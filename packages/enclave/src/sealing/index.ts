/**
 * Sealing at rest of the enclave's own secrets (D4 table "sealed", D10): identity keys and epoch
 * secrets in `<dataDir>/enclave.sealed`, AES-256-GCM under the provider's sealing key.
 *
 * Owns: the sealed file's format, its atomic durable writes, and the SIMULATION sealing key
 * (derived from the simulated platform key and the measurement). Does not own: which secrets
 * exist (keys/), program state at rest (crypto/blobSealer, P5). Invariants: nothing is
 * regenerated when a file exists; a file that does not open is ENCLAVE_SEAL_OPEN_FAILED, never a
 * fresh start; plaintext buffers are wiped after use.
 */

export { type EnclaveState, EnclaveStateStore } from './EnclaveStateStore.js'
export {
  decodeEnclaveSecrets,
  ENCLAVE_SECRETS_VERSION,
  type EnclaveSecrets,
  encodeEnclaveSecrets,
  wipeEnclaveSecrets,
} from './enclaveSecretsCodec.js'
export {
  openSealedState,
  readSealedStateFile,
  SEALED_STATE_FILE,
  SEALED_STATE_VERSION,
  type SealedStateContext,
  type SealedStateProvider,
  sealedStateProviders,
  sealState,
  writeSealedStateFile,
} from './sealedStateFile.js'
export {
  type DeriveSimulatedSealingKeyParameters,
  deriveSimulatedSealingKey,
  SEALING_KEY_LENGTH,
  SIMULATED_SEALING_KEY_INFO,
} from './simulatedSealingKey.js'

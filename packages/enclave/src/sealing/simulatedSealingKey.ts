/**
 * SIMULATION ONLY: the sealing key of the `simulation` provider (D2, D10 "keys regenerated at
 * each boot" is what sealing prevents). Under SGX the key would come from Gramine's
 * `/dev/attestation/keys/_sgx_mrenclave`, bound to the CPU and the enclave's measurement; here
 * the simulated platform key stands in for the CPU and the configured measurement for
 * MRENCLAVE:
 *
 * ```
 * sealingKey = HKDF-SHA256(ikm = platformKey, salt = measurement,
 *                          info = "racetee/v1/simulated-sealing-key", 32)
 * ```
 * So another build (measurement) or another platform cannot open the file, as on hardware.
 * Anyone holding the platform key file can, which is why nothing under simulation claims
 * hardware security.
 *
 * Secrets: `platformKey` is the caller's and is not retained; the returned key is SECRET and
 * the caller wipes it.
 * @module
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { abytes } from '@noble/hashes/utils.js'
import { bytes32 } from '@racetee/protocol'
import { type Hex, stringToBytes } from 'viem'

export const SIMULATED_SEALING_KEY_INFO = 'racetee/v1/simulated-sealing-key'
export const SEALING_KEY_LENGTH = 32

export type DeriveSimulatedSealingKeyParameters = {
  /** SECRET: the simulated platform's secp256k1 key, 32 bytes. */
  platformKey: Uint8Array
  /** The enclave build's measurement (bytes32), the analogue of MRENCLAVE. */
  measurement: Hex | Uint8Array
}

export function deriveSimulatedSealingKey(parameters: DeriveSimulatedSealingKeyParameters): Uint8Array {
  abytes(parameters.platformKey, 32, 'platformKey')
  const salt = bytes32(parameters.measurement, 'measurement')
  return hkdf(
    sha256,
    parameters.platformKey,
    salt,
    stringToBytes(SIMULATED_SEALING_KEY_INFO),
    SEALING_KEY_LENGTH,
  )
}

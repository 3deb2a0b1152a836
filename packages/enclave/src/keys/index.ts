/**
 * Enclave keys (D4 table, docs/protocol.md P5, P7): epoch secrets and what derives from them,
 * the enclave's identity, and the simulated attestation platform.
 *
 * Owns: holding, deriving and erasing secrets; signing digests the enclave computed. Does not
 * own: byte layouts (@racetee/protocol), sealing keys to disk (the provider), deciding what to
 * sign (the batch executor). Invariants: secrets never appear in toString/JSON/inspect or in
 * errors; randomness only at epoch or identity creation; simulation is labelled as such.
 */
export {
  EnclaveIdentity,
  type EnclaveIdentitySecrets,
  signDigestWithKey,
} from './enclaveIdentity.js'
export {
  deriveRequestKeyPair,
  EPOCH_SECRET_LENGTH,
  EpochKeyring,
  generateEpochSecret,
  type X25519KeyPair,
} from './epochKeys.js'
export {
  type MakeSimulatedEvidenceParameters,
  makeSimulatedEvidence,
  type SimulatedEvidenceRejection,
  type SimulatedEvidenceVerdict,
  type VerifySimulatedEvidenceParameters,
  verifySimulatedEvidence,
} from './simulatedPlatform.js'

/**
 * Membership of a running executor (D3.1, D7): joining a deployment (register, wait for
 * admission, provision from the chain) and admitting newcomers between rounds. Owns the host's
 * side of these flows; does not own any decision about evidence or secrets (the enclave's).
 */
export { Admitter, type AdmitterChain, type AdmitterParameters, type Registration } from './Admitter.js'
export { type AdmitFailure, classifyAdmitFailure } from './classifyAdmitFailure.js'
export {
  type EnclaveInfoFields,
  type EnclaveStatus,
  enclaveStatus,
  readEnclaveStatus,
} from './enclaveStatus.js'
export { type ExecutorMembershipParameters, executorMembership } from './executorMembership.js'
export { HeadSignal } from './HeadSignal.js'
export {
  type AdmissionRecord,
  type JoinChain,
  type JoinDeploymentParameters,
  type JoinDeploymentReturnType,
  type JoinEnclave,
  type JoinHeads,
  joinDeployment,
} from './joinDeployment.js'
export type { NodeMembership } from './NodeMembership.js'

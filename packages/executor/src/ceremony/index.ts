/**
 * Enclave ceremonies of the host (D3.1): genesis of the first enclave, registration, admission
 * of a newcomer by an admitted enclave, and the newcomer's acceptance of its provisioned epoch
 * secrets. Owns: the transactions and the relaying. Does not own: any decision about evidence
 * or secrets, which the enclaves make inside (process/admitNewcomer, process/acceptProvisioning).
 */
export {
  type AcceptAdmissionParameters,
  acceptAdmission,
} from './acceptAdmission.js'
export {
  type AdmitEnclaveParameters,
  type AdmitEnclaveReturnType,
  admitEnclave,
} from './admitEnclave.js'
export { confirmTransaction } from './confirmTransaction.js'
export { type RegisterEnclaveParameters, registerEnclave } from './registerEnclave.js'
export { type RunGenesisParameters, type RunGenesisReturnType, runGenesis } from './runGenesis.js'

/**
 * The enclave as its own child process (D2, D2.1): the RPC messages shared with the host, the
 * service that runs each call against proven chain state, and the IPC loop. The entry point is
 * `enclaveMain.ts` (not exported: it is run, never imported).
 *
 * Owns: the process boundary's interface and its checks of untrusted input; admission and
 * provisioning inside the enclave (D3.1, P7). Does not own: launching or supervising the
 * process (the executor's `EnclaveProvider`), the ChainView itself (../chain).
 * Invariants: nothing but ciphertext, hashes, public keys and signatures leaves; errors cross
 * as codes and fixed text only; every state change is sealed before its call answers.
 */
export { type AcceptProvisioningParameters, acceptProvisioning } from './acceptProvisioning.js'
export { type AdmitNewcomerParameters, admitNewcomer } from './admitNewcomer.js'
export { type ChainAccess, EnclaveService, type EnclaveServiceParameters } from './EnclaveService.js'
export { createHostRelay, type HostRelay } from './hostRelay.js'
export {
  type AcceptProvisioningCall,
  type AdmitCall,
  type AdmitResult,
  type CallMessage,
  ENCLAVE_FATAL_PREFIX,
  ENCLAVE_READY_LINE,
  type EnclaveDescription,
  type EnclaveInitConfig,
  type EnclaveMethod,
  type EnclaveMethods,
  type EnclaveToHostMessage,
  type ExecuteBatchCall,
  enclaveMethodNames,
  fromWireError,
  type GetCodeParams,
  type GetProofParams,
  type HostCallMessage,
  type HostReturnMessage,
  type HostService,
  type HostServices,
  type HostThrowMessage,
  type HostToEnclaveMessage,
  hostServiceNames,
  parseEnclaveToHost,
  parseHostToEnclave,
  type ReturnMessage,
  type ThrowMessage,
  toWireError,
  type WireError,
} from './messages.js'
export { type EnclavePort, type ServeEnclaveParameters, serveEnclave } from './serveEnclave.js'

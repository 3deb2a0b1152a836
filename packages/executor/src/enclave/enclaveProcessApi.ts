/**
 * The enclave package's process interface as the host uses it (D2). Until the lead exports
 * `packages/enclave/src/process` from `@racetee/enclave` (package indexes are the lead's), the
 * host reaches its messages module by path. `messages.ts` imports only protocol and viem, so
 * this pulls no trusted code (no keys, no engine) into the host process.
 * TODO(lead): import these from `@racetee/enclave` once it exports them, and delete this file.
 */
export type { AccountProof, ProofSource } from '@racetee/enclave'
export {
  type AcceptProvisioningCall,
  type AdmitCall,
  type AdmitResult,
  ENCLAVE_FATAL_PREFIX,
  ENCLAVE_READY_LINE,
  type EnclaveDescription,
  type EnclaveInitConfig,
  type EnclaveMethods,
  type EnclaveToHostMessage,
  type ExecuteBatchCall,
  fromWireError,
  type HostServices,
  type HostToEnclaveMessage,
  parseEnclaveToHost,
  toWireError,
} from '../../../enclave/src/process/messages.js'

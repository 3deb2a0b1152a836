/**
 * The enclave package's process interface as the host uses it (D2). Until the lead exports
 * `packages/enclave/src/process` and `chain/types` from `@racetee/enclave` (package indexes are
 * the lead's), the host reaches them by path. `messages.ts` imports only protocol and viem, so
 * this pulls no trusted code (no keys, no engine) into the host process.
 * TODO(lead): replace these paths with `@racetee/enclave` once it exports them.
 */
export type { AccountProof, ProofSource } from '../../../enclave/src/chain/types.js'
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

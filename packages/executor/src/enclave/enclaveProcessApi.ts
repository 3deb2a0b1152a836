/**
 * The enclave package's process interface as the host uses it (D2), from the narrow subpath
 * `@racetee/enclave/process-api` (its `messages.ts` imports only protocol and viem), so the
 * host process loads no trusted code: no keys, no engine, no HPKE opening.
 */
export type { AccountProof, ProofSource } from '@racetee/enclave'
export {
  type AcceptProvisioningCall,
  type AdmitCall,
  type AdmitResult,
  type DcapCollateralSource,
  ENCLAVE_FATAL_PREFIX,
  ENCLAVE_READY_LINE,
  type EnclaveDescription,
  type EnclaveInitConfig,
  type EnclaveMethods,
  type EnclaveProviderName,
  type EnclaveToHostMessage,
  type ExecuteBatchCall,
  fromWireError,
  type HostServices,
  type HostToEnclaveMessage,
  type PrepareRotationCall,
  type PrepareRotationResult,
  parseEnclaveToHost,
  type ReadCallParams,
  type ReadCallResult,
  toWireError,
} from '@racetee/enclave/process-api'

/**
 * The host's side of the enclave process boundary (D2): providers that launch the enclave as
 * its own child process, and the handle the rest of the executor talks to.
 *
 * Owns: launching, the IPC client, serving the enclave's blob and proof requests, supervising
 * (exit detection, graceful close then SIGKILL). Does not own: anything inside the enclave; the
 * host never sees plaintext or secrets, only what the handle's methods return.
 */
export { ChildProcessEnclave } from './ChildProcessEnclave.js'
export {
  type ChildProcessProviderOptions,
  childProcessProvider,
  defaultEnclaveEntry,
} from './childProcessProvider.js'
export type {
  EnclaveExit,
  EnclaveHandle,
  EnclaveHostServices,
  EnclaveLaunchConfig,
  EnclaveLaunchOptions,
  EnclaveProvider,
  EnclaveProviderKind,
} from './EnclaveProvider.js'
export type {
  AcceptProvisioningCall,
  AdmitCall,
  AdmitResult,
  DcapCollateralSource,
  EnclaveDescription,
  ExecuteBatchCall,
} from './enclaveProcessApi.js'
export { ENCLAVE_FATAL_PREFIX, ENCLAVE_READY_LINE } from './enclaveProcessApi.js'
export { chooseProvider, type ProviderChoice, providerFlagOptions } from './providerFlags.js'
export { type SimulationProviderOptions, simulationProvider } from './simulationProvider.js'

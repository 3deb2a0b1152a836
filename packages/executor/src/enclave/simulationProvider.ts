/**
 * The `simulation` enclave provider (D2), the default: the same enclave code, forked as a plain
 * Node child process (`childProcessProvider.ts`), with software attestation from a simulated
 * platform key and the trusted-RPC header verifier. Nothing launched here claims hardware
 * security; the handle's description says `simulated: true`.
 */

import { type ChildProcessProviderOptions, childProcessProvider } from './childProcessProvider.js'
import type { EnclaveProvider } from './EnclaveProvider.js'

export type SimulationProviderOptions = ChildProcessProviderOptions

export function simulationProvider(options: SimulationProviderOptions = {}): EnclaveProvider<'simulation'> {
  return childProcessProvider('simulation', options)
}

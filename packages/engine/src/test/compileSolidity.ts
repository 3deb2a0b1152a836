/**
 * Test helper: compiles an inline Solidity source with the project's compiler settings
 * (contracts/solc) and returns each contract's init and runtime code.
 */
import { hexToBytes } from '@ethereumjs/util'
import { RaceteeError } from '@racetee/protocol'
// The engine does not depend on @racetee/contracts; like the Solidity sources, read by path.
import { compileSolidity as compileSources } from '../../../../contracts/solc/compileSolidity.js'

export type Compiled = Record<string, { initCode: Uint8Array; runtime: Uint8Array }>

export function compileSolidity(source: string): Compiled {
  const contracts = compileSources({ 'Test.sol': source })['Test.sol'] ?? {}
  const compiled: Compiled = {}
  for (const [name, c] of Object.entries(contracts))
    compiled[name] = { initCode: hexToBytes(c.bytecode), runtime: hexToBytes(c.deployedBytecode) }
  return compiled
}

export function initCodeOf(compiled: Compiled, name: string): Uint8Array {
  return contractOf(compiled, name).initCode
}

/** The runtime code of `name`, to register a program that exists before the batch. */
export function runtimeOf(compiled: Compiled, name: string): Uint8Array {
  return contractOf(compiled, name).runtime
}

function contractOf(compiled: Compiled, name: string): { initCode: Uint8Array; runtime: Uint8Array } {
  const contract = compiled[name]
  if (contract === undefined) {
    throw new RaceteeError('TOOLING_FAILED', 'Contract not compiled', { details: name })
  }
  return contract
}

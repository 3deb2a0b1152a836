/**
 * Test helper: compiles Solidity sources with solc-js for the pinned hardfork (D3: osaka).
 * solc ships no types, so it is loaded through `createRequire` behind a typed surface.
 */
import { createRequire } from 'node:module'
import { hexToBytes } from '@ethereumjs/util'
import { RaceteeError } from '@racetee/protocol'

type Solc = { compile(input: string): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<
    string,
    Record<string, { evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >
}

const solc = createRequire(import.meta.url)('solc') as Solc

export type Compiled = Record<string, { initCode: Uint8Array; runtime: Uint8Array }>

/** Compiles one source and returns the init code of every contract in it, by name. */
export function compileSolidity(source: string): Compiled {
  const input = {
    language: 'Solidity',
    sources: { 'Test.sol': { content: source } },
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new RaceteeError('TOOLING_FAILED', 'Solidity compilation failed', {
      details: errors.map((e) => e.formattedMessage).join('\n'),
    })
  }
  const compiled: Compiled = {}
  for (const [name, contract] of Object.entries(output.contracts?.['Test.sol'] ?? {})) {
    compiled[name] = {
      initCode: hexToBytes(`0x${contract.evm.bytecode.object}`),
      runtime: hexToBytes(`0x${contract.evm.deployedBytecode.object}`),
    }
  }
  return compiled
}

/** The init code of `name`, or a tooling fault naming it. */
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

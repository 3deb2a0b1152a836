/**
 * Compiles Solidity with the project's pinned solc-js and the settings of
 * contracts/scripts/compile.ts (D3: osaka, optimizer 200 runs), resolving `@openzeppelin/...`
 * imports from node_modules. For tests and fixtures that compile sources at run time, so that
 * every one of them produces the bytecode the build would. solc ships no types: it is loaded
 * through `createRequire` behind a typed surface.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Abi, Hex } from 'viem'

export type CompiledContract = { abi: Abi; bytecode: Hex; deployedBytecode: Hex }

type Solc = { compile(input: string, callbacks: { import: (path: string) => unknown }): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<
    string,
    Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >
}

const require = createRequire(import.meta.url)
const solc = require('solc') as Solc

function findImport(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') }
  } catch {
    return { error: `not found: ${path}` }
  }
}

/** Every contract of every source unit (`unit name → content`), by unit and then by name. */
export function compileSolidity(
  sources: Record<string, string>,
): Record<string, Record<string, CompiledContract>> {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([unit, content]) => [unit, { content }])),
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0)
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'Solidity compilation failed.', {
      details: errors.map((e) => e.formattedMessage).join('\n'),
    })
  const units: Record<string, Record<string, CompiledContract>> = {}
  for (const [unit, contracts] of Object.entries(output.contracts ?? {}))
    units[unit] = Object.fromEntries(
      Object.entries(contracts).map(([name, c]) => [
        name,
        {
          abi: c.abi,
          bytecode: `0x${c.evm.bytecode.object}`,
          deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        },
      ]),
    )
  return units
}

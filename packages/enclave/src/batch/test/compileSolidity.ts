/**
 * Test helper: compiles a small inline Solidity source with solc-js for the pinned hardfork
 * (D3: osaka), optimizer as contracts/scripts/compile.ts. solc ships no types, so it is loaded
 * through `createRequire` behind a typed surface.
 */
import { createRequire } from 'node:module'
import type { Hex } from 'viem'

type Solc = { compile(input: string): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>
}

const solc = createRequire(import.meta.url)('solc') as Solc

/** The creation bytecode of every contract in `source`, by name. */
export function compileSolidity(source: string): Record<string, Hex> {
  const input = {
    language: 'Solidity',
    sources: { 'Test.sol': { content: source } },
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new SyntaxError(errors.map((e) => e.formattedMessage).join('\n'))
  const compiled: Record<string, Hex> = {}
  for (const [name, contract] of Object.entries(output.contracts?.['Test.sol'] ?? {}))
    compiled[name] = `0x${contract.evm.bytecode.object}`
  return compiled
}

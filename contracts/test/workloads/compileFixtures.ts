/**
 * Test helper: compiles `fixtures/InteropFixtures.sol` with solc-js and the settings of
 * contracts/scripts/compile.ts (osaka, optimizer 200 runs) under the source unit name
 * `test/workloads/fixtures/InteropFixtures.sol`, so the bytecode equals what the engine's
 * interop test compiles from the same file.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

type Solc = { compile(input: string): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

const UNIT = 'test/workloads/fixtures/InteropFixtures.sol'
const solc = createRequire(import.meta.url)('solc') as Solc

export function compileFixtures(): Record<string, { abi: Abi; bytecode: Hex }> {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'InteropFixtures.sol')
  const input = {
    language: 'Solidity',
    sources: { [UNIT]: { content: readFileSync(path, 'utf8') } },
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new SyntaxError(errors.map((e) => e.formattedMessage).join('\n'))
  const compiled: Record<string, { abi: Abi; bytecode: Hex }> = {}
  for (const [name, c] of Object.entries(output.contracts?.[UNIT] ?? {}))
    compiled[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` }
  return compiled
}

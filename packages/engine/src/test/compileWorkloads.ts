/**
 * Test helper: compiles the D9 workloads (`contracts/src/workloads/*.sol`), the project's
 * `ConfidentialERC20` and the interop fixtures (`contracts/test/workloads/fixtures/`) from their
 * files, with the settings and source unit names of contracts/scripts/compile.ts and of the
 * contracts' public runs. Same source, same unit name, same settings: the same bytecode as on
 * anvil, so gas figures can be compared byte for byte. The engine does not depend on
 * @racetee/contracts, hence the files rather than the artifacts.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RaceteeError } from '@racetee/protocol'
import type { Abi, Hex } from 'viem'

type Solc = { compile(input: string, callbacks: { import: (path: string) => unknown }): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

const require = createRequire(import.meta.url)
const solc = require('solc') as Solc
const contractsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../contracts')

export type WorkloadArtifact = { abi: Abi; bytecode: Hex }

function findImport(path: string): { contents: string } | { error: string } {
  try {
    const [scope, pkg, ...rest] = path.split('/')
    const pkgJson = require.resolve(`${scope}/${pkg}/package.json`)
    return { contents: readFileSync(join(dirname(pkgJson), ...rest), 'utf8') }
  } catch {
    return { error: `not found: ${path}` }
  }
}

let cached: Map<string, WorkloadArtifact> | undefined

/** Every contract of the workloads, ConfidentialERC20 and the interop fixtures, by name. */
export function workloadArtifacts(): Map<string, WorkloadArtifact> {
  if (cached) return cached
  const units = [
    'src/ConfidentialERC20.sol',
    ...readdirSync(join(contractsDir, 'src/workloads'))
      .filter((f) => f.endsWith('.sol'))
      .map((f) => `src/workloads/${f}`),
    'test/workloads/fixtures/InteropFixtures.sol',
  ]
  const sources = Object.fromEntries(
    units.map((unit) => [unit, { content: readFileSync(join(contractsDir, unit), 'utf8') }]),
  )
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0)
    throw new RaceteeError('TOOLING_FAILED', 'Solidity compilation failed', {
      details: errors.map((e) => e.formattedMessage).join('\n'),
    })
  cached = new Map()
  for (const unit of units)
    for (const [name, c] of Object.entries(output.contracts?.[unit] ?? {}))
      cached.set(name, { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` })
  return cached
}

/** The compiled contract `name`, or a tooling fault naming it. */
export function workload(name: string): WorkloadArtifact {
  const artifact = workloadArtifacts().get(name)
  if (!artifact) throw new RaceteeError('TOOLING_FAILED', 'Contract not compiled', { details: name })
  return artifact
}

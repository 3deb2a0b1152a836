/**
 * Test support (issue 4, D3 "solc-js", D5 "JS programs"): the programs of the EVM -> JS -> EVM
 * test. `JsInteropFixtures.sol` is compiled at test time with solc-js at the pinned hardfork
 * (osaka, optimizer 200 runs, as contracts/scripts/compile.ts builds every contract), and the
 * JS program `relay.js` is read as the UTF-8 source the SDK deploys, with its declared ABI
 * taken from the same file run as a module in Node (it touches `racetee` only when called).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Abi, Hex } from 'viem'

type Solc = { compile(input: string): string }
type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}
export type CompiledProgram = { abi: Abi; bytecode: Hex }
export type JsInteropPrograms = {
  front: CompiledProgram
  back: CompiledProgram
  relay: { abi: Abi; source: string }
}

const UNIT = 'e2e/support/jsInterop/JsInteropFixtures.sol'
const solidityFile = new URL('./JsInteropFixtures.sol', import.meta.url)
const relayFile = new URL('./relay.js', import.meta.url)

export async function compileJsInterop(): Promise<JsInteropPrograms> {
  const solc = createRequire(import.meta.url)('solc') as Solc
  const input = {
    language: 'Solidity',
    sources: { [UNIT]: { content: readFileSync(solidityFile, 'utf8') } },
    settings: {
      evmVersion: 'osaka',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  const contracts = output.contracts?.[UNIT]
  const compiled = (name: string): CompiledProgram => {
    const contract = contracts?.[name]
    if (errors.length > 0 || contract === undefined)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The JS interop fixtures did not compile.', {
        details: errors.map((e) => e.formattedMessage).join('\n') || `no contract ${name}`,
      })
    return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
  }
  const { abi } = (await import(relayFile.href)) as { abi: Abi }
  return {
    front: compiled('Front'),
    back: compiled('Back'),
    relay: { abi, source: readFileSync(relayFile, 'utf8') },
  }
}

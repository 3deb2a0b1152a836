/**
 * Test support (issue 4, D3 "solc-js", D5 "JS programs"): the programs of the EVM -> JS -> EVM
 * test. `JsInteropFixtures.sol` is compiled at test time with solc-js at the pinned hardfork
 * (osaka, optimizer 200 runs, as contracts/scripts/compile.ts builds every contract), and the
 * JS program `relay.js` is read as the UTF-8 source the SDK deploys, with its declared ABI
 * taken from the same file run as a module in Node (it touches `racetee` only when called).
 */
import { readFileSync } from 'node:fs'
import { compileSolidity } from '@racetee/contracts/solc'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Abi, Hex } from 'viem'

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
  const contracts = compileSolidity({ [UNIT]: readFileSync(solidityFile, 'utf8') })[UNIT]
  const compiled = (name: string): CompiledProgram => {
    const contract = contracts?.[name]
    if (contract === undefined)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The JS interop fixtures did not compile.', {
        details: `no contract ${name}`,
      })
    return { abi: contract.abi, bytecode: contract.bytecode }
  }
  const { abi } = (await import(relayFile.href)) as { abi: Abi }
  return {
    front: compiled('Front'),
    back: compiled('Back'),
    relay: { abi, source: readFileSync(relayFile, 'utf8') },
  }
}

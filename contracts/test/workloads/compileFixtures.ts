/**
 * Test helper: compiles `fixtures/InteropFixtures.sol` with solc-js and the settings of
 * contracts/scripts/compile.ts (osaka, optimizer 200 runs) under the source unit name
 * `test/workloads/fixtures/InteropFixtures.sol`, so the bytecode equals what the engine's
 * interop test compiles from the same file.
 */
import { readFileSync } from 'node:fs'
import type { Abi, Hex } from 'viem'
import { compileSolidity } from '../../solc/index.js'

const UNIT = 'test/workloads/fixtures/InteropFixtures.sol'

export function compileFixtures(): Record<string, { abi: Abi; bytecode: Hex }> {
  const content = readFileSync(new URL('./fixtures/InteropFixtures.sol', import.meta.url), 'utf8')
  return compileSolidity({ [UNIT]: content })[UNIT] ?? {}
}

/** Test helper: the creation bytecode of every contract in an inline Solidity source, by name. */
import { compileSolidity as compileSources } from '@racetee/contracts/solc'
import type { Hex } from 'viem'

export function compileSolidity(source: string): Record<string, Hex> {
  const contracts = compileSources({ 'Test.sol': source })['Test.sol'] ?? {}
  return Object.fromEntries(Object.entries(contracts).map(([name, c]) => [name, c.bytecode]))
}

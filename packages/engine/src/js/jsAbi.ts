/**
 * The Solidity ABI of a JS program (D5: JS programs are called with the Solidity ABI). A
 * program declares it as `export const abi = [...]` (the JSON ABI format solc and viem use)
 * and exports one function per ABI function, by name. Calldata is matched by selector, so
 * overloads are told apart by their parameter types; arguments arrive as viem decodes them
 * (bigint above 48 bits, number below, 0x-hex for addresses and bytes).
 */
import {
  type Abi,
  type AbiFunction,
  bytesToHex,
  decodeFunctionData,
  encodeFunctionResult,
  type Hex,
  toFunctionSelector,
} from 'viem'

export type SelectedFunction = { abi: readonly [AbiFunction]; name: string; args: readonly unknown[] }

/** The declared function `calldata` selects, with its decoded arguments; null when none does. */
export function selectJsFunction(abi: unknown, calldata: Uint8Array): SelectedFunction | null {
  if (!Array.isArray(abi) || calldata.length < 4) return null
  const selector = bytesToHex(calldata.subarray(0, 4))
  try {
    const item = (abi as Abi).find(
      (entry): entry is AbiFunction => entry.type === 'function' && toFunctionSelector(entry) === selector,
    )
    if (item === undefined) return null
    const one = [item] as const
    const { args } = decodeFunctionData({ abi: one, data: bytesToHex(calldata) })
    return { abi: one, name: item.name, args: args ?? [] }
  } catch {
    // A malformed declared ABI or calldata that does not decode: no function matches.
    return null
  }
}

/** The return value ABI-encoded as the function's outputs; null when it does not fit them. */
export function encodeJsReturn(abi: readonly [AbiFunction], name: string, value: unknown): Hex | null {
  const outputs = abi[0].outputs
  if (outputs.length === 0) return '0x'
  try {
    return encodeFunctionResult({ abi, functionName: name, result: value } as Parameters<
      typeof encodeFunctionResult
    >[0])
  } catch {
    return null
  }
}

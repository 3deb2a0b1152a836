/**
 * The program a `call` or `read` names (D3.1 "Only registered programs take requests"): code
 * at the address (its CREATE2 proxy), registered on the MC (`isProgram`), and an ABI to encode
 * calls with (`--abi`, else the record `racetee deploy` saved). Any of these missing is
 * CLI_UNKNOWN_PROGRAM, before anything is sealed or sent.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { type Abi, type Address, getAddress, isAddress } from 'viem'
import type { Connection } from './connection.js'
import { loadAbi } from './programSource.js'
import { loadProgram } from './programStore.js'

export type ResolvedProgram = { address: Address; abi: Abi; name: string }

export async function resolveProgram(
  connection: Connection,
  program: string,
  abiSpec: string | undefined,
  cwd?: string,
): Promise<ResolvedProgram> {
  if (!isAddress(program, { strict: false }))
    throw new RaceteeError(errorCodes.CLI_UNKNOWN_PROGRAM, 'The program is not an address.', {
      details: 'expected 0x and 40 hex digits',
    })
  const address = getAddress(program)
  const { publicClient, mc, chainId } = connection
  const [code, registered] = await Promise.all([
    publicClient.getCode({ address }),
    publicClient.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'isProgram',
      args: [address],
    }),
  ])
  if (code === undefined || code === '0x')
    throw new RaceteeError(errorCodes.CLI_UNKNOWN_PROGRAM, 'No program at the address.', {
      details: `no code at ${address} on chain ${chainId}`,
    })
  if (!registered)
    throw new RaceteeError(errorCodes.CLI_UNKNOWN_PROGRAM, 'The address is not a program of this MC.', {
      details: `${address} is not registered on ${mc}`,
    })
  if (abiSpec !== undefined) return { address, abi: await loadAbi(abiSpec), name: abiSpec }
  const record = loadProgram(address, cwd)
  if (record === null)
    throw new RaceteeError(errorCodes.CLI_UNKNOWN_PROGRAM, 'No ABI is known for the program.', {
      details: `${address} was not deployed with racetee from this directory; pass --abi <artifact|program|name>`,
    })
  return { address, abi: record.abi, name: record.name }
}

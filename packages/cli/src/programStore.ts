/**
 * What the CLI remembers of the programs it deployed (D8): `.racetee/programs/<address>.json`
 * with the program's ABI, name, chain and MC, so `racetee call` and `read` find a program's ABI
 * by its address. Public data only (the ABI and addresses; never code, arguments or results).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Abi, type Address, getAddress, type Hash } from 'viem'
import { raceteeHome } from './devnetFile.js'

export type ProgramRecord = {
  address: Address
  name: string
  runtime: 'evm' | 'js'
  chainId: number
  mc: Address
  deployTx: Hash
  abi: Abi
}

export function programsDir(cwd?: string): string {
  return join(raceteeHome(cwd), 'programs')
}

export function saveProgram(record: ProgramRecord, cwd?: string): string {
  const dir = programsDir(cwd)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${getAddress(record.address)}.json`)
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}

/** The record saved for `address`, or null when this directory never deployed it. */
export function loadProgram(address: Address, cwd?: string): ProgramRecord | null {
  const path = join(programsDir(cwd), `${getAddress(address)}.json`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  try {
    const record = JSON.parse(text) as ProgramRecord
    if (!Array.isArray(record.abi)) throw new TypeError('abi')
    return record
  } catch (cause) {
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'A saved program record is unreadable.', {
      details: path,
      cause,
    })
  }
}

/**
 * `devnet.json` (D8, issue 9): where a running devnet is. `racetee devnet` writes it to its data
 * dir and to `.racetee/devnet.json` (the latest devnet, which every other command defaults to)
 * and deletes the latter on shutdown. Everything in it is public: URLs, addresses, and anvil's
 * well-known dev keys (`testAccounts`), which fund only this local chain.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, getAddress, type Hex, isAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type DevnetFile = {
  rpcUrl: string
  wsUrl: string
  chainId: number
  mc: Address
  /** Decimal string (JSON has no bigint). */
  deployBlock: string
  dashboardUrl: string | null
  simulation: true
  storage: { url: string; signer: Address }[]
  executors: { healthUrl: string; enclave: Address; account: Address }[]
  /** Anvil's public dev keys: PUBLIC, for this local chain only. */
  testAccounts: { address: Address; privateKey: Hex }[]
}

/** The shape `startDevnet` returns, as much of it as the file needs. */
export type DevnetLike = {
  rpcUrl: string
  wsUrl: string
  chainId: number
  mc: Address
  deployBlock: bigint
  userKeys: readonly Hex[]
  storage: readonly { url: string; signer: Address }[]
  executors: readonly { healthUrl: string; enclave: Address; account: Address }[]
}

/** `.racetee` under `cwd`: the CLI's local state (devnet.json, programs/, secrets/). */
export function raceteeHome(cwd: string = process.cwd()): string {
  return join(cwd, '.racetee')
}

export function latestDevnetPath(cwd?: string): string {
  return join(raceteeHome(cwd), 'devnet.json')
}

/** `testKeys` defaults to every user key of the devnet, in its order. */
export function describeDevnet(
  devnet: DevnetLike,
  dashboardUrl: string | null,
  testKeys: readonly Hex[] = devnet.userKeys,
): DevnetFile {
  return {
    rpcUrl: devnet.rpcUrl,
    wsUrl: devnet.wsUrl,
    chainId: devnet.chainId,
    mc: getAddress(devnet.mc),
    deployBlock: devnet.deployBlock.toString(),
    dashboardUrl,
    simulation: true,
    storage: devnet.storage.map(({ url, signer }) => ({ url, signer })),
    executors: devnet.executors.map(({ healthUrl, enclave, account }) => ({ healthUrl, enclave, account })),
    testAccounts: testKeys.map((privateKey) => ({
      address: privateKeyToAccount(privateKey).address,
      privateKey,
    })),
  }
}

/** Written whole (temp file, then rename), so a reader never sees half a file. */
export function writeDevnetFile(path: string, file: DevnetFile): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`)
  renameSync(temp, path)
}

export function removeDevnetFile(path: string): void {
  rmSync(path, { force: true })
}

/** The file at `path`, or null when there is none; CLI_BAD_INPUT when it is not a devnet file. */
export function readDevnetFile(path: string): DevnetFile | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The devnet file cannot be read.', {
      details: path,
      cause: err,
    })
  }
  let parsed: Partial<DevnetFile>
  try {
    parsed = JSON.parse(text) as Partial<DevnetFile>
  } catch {
    parsed = {}
  }
  if (
    typeof parsed.rpcUrl !== 'string' ||
    typeof parsed.chainId !== 'number' ||
    typeof parsed.mc !== 'string' ||
    !isAddress(parsed.mc, { strict: false })
  )
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The devnet file is not a devnet description.', {
      details: `${path}: expected rpcUrl, chainId and mc`,
    })
  return {
    ...(parsed as DevnetFile),
    mc: getAddress(parsed.mc),
    testAccounts: Array.isArray(parsed.testAccounts) ? parsed.testAccounts : [],
  }
}

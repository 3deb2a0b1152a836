/**
 * The storage node's signing key (D6): secp256k1 at `<dataDir>/node.key`, hex, mode 0600.
 * Created on first start and kept across restarts, so the address governance registered
 * (`addStorageNode`, D3.1) stays the node's (D10: keys regenerated at each boot was a bug).
 * Created atomically: written to a temp file, fsynced, then hard-linked into place, which fails
 * rather than replaces if another key appeared meanwhile. Only the address is ever logged; no
 * error carries the key or the file's content.
 */
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import { bytesToHex, type Hex } from 'viem'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

export const NODE_KEY_FILE = 'node.key'

export type LoadNodeKeyParameters = {
  dataDir: string
  logger?: Pick<Logger, 'info'>
}

export async function loadNodeKey(parameters: LoadNodeKeyParameters): Promise<PrivateKeyAccount> {
  const { dataDir, logger } = parameters
  const path = join(dataDir, NODE_KEY_FILE)
  let account = await readNodeKey(path)
  if (account) {
    logger?.info({ signer: account.address, path }, 'node key loaded')
    return account
  }
  account = await createNodeKey(dataDir, path)
  logger?.info({ signer: account.address, path }, 'node key created')
  return account
}

async function readNodeKey(path: string): Promise<PrivateKeyAccount | undefined> {
  let mode: number
  try {
    mode = (await stat(path)).mode
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined
    throw invalid(`cannot read ${path}`, err)
  }
  if ((mode & 0o077) !== 0)
    throw invalid(
      `${path} is accessible to group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    )
  const raw = await readFile(path)
  const text = raw.toString('utf8').trim()
  raw.fill(0)
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw invalid(`${path} does not hold a 32-byte hex key`)
  try {
    return privateKeyToAccount(text as Hex)
  } catch {
    // The cause would quote the key: not kept.
    throw invalid(`${path} does not hold a valid secp256k1 key`)
  }
}

async function createNodeKey(dataDir: string, path: string): Promise<PrivateKeyAccount> {
  const privateKey = generatePrivateKey()
  const tmp = join(dataDir, `${NODE_KEY_FILE}.${bytesToHex(randomBytes(8)).slice(2)}.tmp`)
  const file = await open(tmp, 'wx', 0o600)
  try {
    await file.writeFile(`${privateKey}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    await link(tmp, path)
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'EEXIST') throw err
    // Another process created the key first: use that one.
    await rm(tmp, { force: true })
    const existing = await readNodeKey(path)
    if (existing) return existing
    throw invalid(`${path} appeared and vanished while being created`)
  }
  await rm(tmp, { force: true })
  const dir = await open(dataDir, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
  return privateKeyToAccount(privateKey)
}

function invalid(details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_CONFIG_INVALID, 'Storage node key unusable.', {
    details,
    ...(cause === undefined ? {} : { cause }),
  })
}

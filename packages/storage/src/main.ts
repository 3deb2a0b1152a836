/**
 * The storage node process (D6, docs/storage-api.md "The process"):
 *
 *   node --import tsx packages/storage/src/main.ts --data-dir <dir> --rpc-url <url> --mc <address>
 *        [--chain-id <id>] [--port <n, 0 = free>] [--host 127.0.0.1] [--max-body <bytes>]
 *
 * Logs JSON lines (pino) on stdout; when ready, `{"msg":"listening","url":…,"signer":…}`.
 * SIGTERM/SIGINT close gracefully (exit 0). A bad configuration exits 1 with one clear line on
 * stderr. Only the key's address is ever printed.
 */
import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import { pino } from 'pino'
import { type Address, createPublicClient, getAddress, http, isAddress, type PublicClient } from 'viem'
import { createStorageServer, DEFAULT_MAX_BODY_BYTES, loadNodeKey, mcStoreChain } from './server/index.js'

type Config = {
  dataDir: string
  rpcUrl: string
  mc: Address
  chainId: number | undefined
  port: number
  host: string
  maxBody: number
}

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_CONFIG_INVALID, 'Invalid storage node configuration.', {
    details,
  })
}

function integer(value: string | undefined, flag: string, fallback: number | undefined, min: number) {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw invalid(`--${flag} must be an integer ≥ ${min}`)
  return n
}

function parseConfig(argv: string[]): Config {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        'rpc-url': { type: 'string' },
        mc: { type: 'string' },
        'chain-id': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'max-body': { type: 'string' },
      },
    }).values
  } catch (err) {
    throw invalid((err as Error).message)
  }
  const required = (flag: string) => {
    const value = values[flag]
    if (!value) throw invalid(`--${flag} is required`)
    return value
  }
  const mc = required('mc')
  if (!isAddress(mc, { strict: false })) throw invalid('--mc must be a 20-byte hex address')
  const rpcUrl = required('rpc-url')
  if (!/^(https?|wss?):\/\//.test(rpcUrl)) throw invalid('--rpc-url must be an http(s) or ws(s) URL')
  const port = integer(values.port, 'port', 0, 0)!
  if (port > 65_535) throw invalid('--port must be at most 65535')
  return {
    dataDir: required('data-dir'),
    rpcUrl,
    mc: getAddress(mc),
    chainId: integer(values['chain-id'], 'chain-id', undefined, 1),
    port,
    host: values.host ?? '127.0.0.1',
    maxBody: integer(values['max-body'], 'max-body', DEFAULT_MAX_BODY_BYTES, 1)!,
  }
}

async function checkChain(client: PublicClient, config: Config): Promise<number> {
  let chainId: number
  let code: string | undefined
  try {
    chainId = await client.getChainId()
    code = await client.getCode({ address: config.mc })
  } catch (cause) {
    throw new RaceteeError(errorCodes.STORAGE_CONFIG_INVALID, 'Chain RPC unreachable.', {
      details: `--rpc-url ${config.rpcUrl}`,
      cause,
    })
  }
  if (config.chainId !== undefined && config.chainId !== chainId)
    throw invalid(`--chain-id ${config.chainId} but the RPC serves chain ${chainId}`)
  if (!code || code === '0x') throw invalid(`no contract at --mc ${config.mc} on chain ${chainId}`)
  return chainId
}

async function main(): Promise<void> {
  const logger = pino({ base: { service: 'racetee-storage' } })
  let config: Config
  let chainId: number
  let account: Awaited<ReturnType<typeof loadNodeKey>>
  let client: PublicClient
  try {
    config = parseConfig(process.argv.slice(2))
    // cacheTime 0: the head must not lag by viem's polling interval (toBlock check).
    client = createPublicClient({ cacheTime: 0, transport: http(config.rpcUrl) }) as PublicClient
    chainId = await checkChain(client, config)
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
    account = await loadNodeKey({ dataDir: config.dataDir, logger })
  } catch (err) {
    const text = isRaceteeError(err) ? `${err.shortMessage} ${err.details ?? ''}` : (err as Error).message
    process.stderr.write(`racetee-storage: ${text.trim()}\n`)
    process.exit(1)
  }

  const server = await createStorageServer({
    dataDir: config.dataDir,
    account,
    chainId,
    mc: config.mc,
    chain: mcStoreChain(client, config.mc),
    host: config.host,
    port: config.port,
    maxBodyBytes: config.maxBody,
    logger,
  })
  logger.info(
    { url: server.url, signer: server.signer, chainId, mc: config.mc, blobs: server.store.count() },
    'listening',
  )

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    server.close().then(
      () => {
        logger.info('closed')
        process.exit(0)
      },
      (err: unknown) => {
        logger.error({ err }, 'close failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  process.stderr.write(`racetee-storage: fatal: ${(err as Error).message}\n`)
  process.exit(1)
})

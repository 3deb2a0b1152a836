/**
 * The executor process (D7):
 *
 *   node --import tsx packages/executor/src/main.ts genesis --data-dir <dir> --rpc-url <url>
 *        --mc <address> --governance-key-file <file> [--endpoint <url>] <provider flags>
 *   node --import tsx packages/executor/src/main.ts run --data-dir <dir> --rpc-url <url>
 *        --mc <address> --key-file <file> [--ws-url <url>] [--health-port <n, 0 = free>]
 *        [--confirmations <n>] [--poll-ms <n>] [--endpoint <url>]
 *        [--read-rate <reads a minute per account, default 60>] [--read-max-in-flight <n, default 32>]
 *        <provider flags>
 *   provider flags (enclave/providerFlags.ts, docs/hardware.md):
 *        [--provider simulation|sgx-gramine|tdx] (default simulation)
 *        simulation: --platform-key-file <file> [--measurement <32-byte hex>] (default: keccak
 *          over the trusted code base's sources, see enclave/simulatedMeasurement.ts)
 *        sgx-gramine: [--attestation-dir <dir>] (--collateral-file <file> | --pccs-url <url>)
 *        tdx: [--tsm-report-dir <dir>] --tdx-sealing-key-file <file>
 *          (--collateral-file <file> | --pccs-url <url>)
 *        sgx-gramine, tdx: --insecure-trusted-rpc, required while the only header verifier is
 *          the trusted-RPC one (SIMULATION): without it the executor refuses to start;
 *          [--dcap-root-ca <der file>] [--min-tcb-status <status>]: how newcomers' DCAP quotes
 *          are judged (default Intel's SGX Root CA, UpToDate only; own measurement only)
 *
 * `genesis` is the one-shot ceremony of D3.1 (epoch 0 sealed to the data dir, then admitted by
 * governance); `run` is the daemon. `run` with an enclave the MC does not know yet registers it
 * (bond `minBond`, payout the `--key-file` wallet, endpoint `--endpoint` or the health URL),
 * waits for its admission and provisioning, and only then runs rounds (membership/); a vetoed or
 * revoked enclave exits 1 with EXECUTOR_ENCLAVE_EXCLUDED. Both launch the enclave as a child
 * process under the chosen provider (SIMULATION by default). Logs are pino JSON lines on stdout; `run`
 * prints `{"msg":"executor ready","health":…,"enclave":…}` once it follows the chain, and
 * `genesis` prints `{"msg":"genesis done",…}`. A bad configuration exits 1 with one line on
 * stderr. Keys are read from files and never printed; only addresses are.
 */
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { errorCodes, isRaceteeError, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { pino } from 'pino'
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  isAddress,
  isHex,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { runGenesis } from './ceremony/runGenesis.js'
import { rpcProofSource } from './chain/rpcProofSource.js'
import type { EnclaveHandle } from './enclave/EnclaveProvider.js'
import {
  chooseProvider,
  launchChosenEnclave,
  type ProviderChoice,
  providerFlagOptions,
} from './enclave/providerFlags.js'
import { simulatedMeasurement } from './enclave/simulatedMeasurement.js'
import { EpochKeeper } from './epochs/EpochKeeper.js'
import { executorMembership } from './membership/executorMembership.js'
import { ExecutorNode } from './node/ExecutorNode.js'
import { readEndpoint } from './read/readEndpoint.js'
import { SignerRateLimiter } from './read/SignerRateLimiter.js'
import { storageNetwork } from './storage/storageNetwork.js'

const logger = pino({ base: { service: 'executor' } })

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.EXECUTOR_CONFIG_INVALID, 'Invalid executor configuration.', { details })
}

const options = {
  'data-dir': { type: 'string' },
  'rpc-url': { type: 'string' },
  'ws-url': { type: 'string' },
  mc: { type: 'string' },
  'governance-key-file': { type: 'string' },
  'key-file': { type: 'string' },
  endpoint: { type: 'string' },
  'health-port': { type: 'string' },
  confirmations: { type: 'string' },
  'poll-ms': { type: 'string' },
  'read-rate': { type: 'string' },
  'read-max-in-flight': { type: 'string' },
  ...providerFlagOptions,
} as const

type Flags = {
  [K in keyof typeof options]?: (typeof options)[K]['type'] extends 'boolean' ? boolean : string
}
type StringFlag = {
  [K in keyof Flags]-?: (typeof options)[K]['type'] extends 'string' ? K : never
}[keyof Flags]

function parse(argv: string[]): { command: 'genesis' | 'run'; flags: Flags; provider: ProviderChoice } {
  const [command, ...rest] = argv
  if (command !== 'genesis' && command !== 'run')
    throw invalid('the first argument must be `genesis` or `run`')
  let flags: Flags
  try {
    flags = parseArgs({ args: rest, strict: true, options }).values as Flags
  } catch (err) {
    throw invalid((err as Error).message)
  }
  // Checked before anything connects or launches: a refused provider starts nothing (D2.1).
  const providerFlags = Object.fromEntries(
    Object.keys(providerFlagOptions).map((name) => [name, flags[name as keyof Flags]]),
  )
  return { command, flags, provider: chooseProvider(providerFlags, simulatedMeasurement) }
}

function required(flags: Flags, name: StringFlag): string {
  const value = flags[name]
  if (!value) throw invalid(`--${name} is required`)
  return value
}

function integer(flags: Flags, name: StringFlag, fallback: number): number {
  const value = flags[name]
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw invalid(`--${name} must be an integer ≥ 0`)
  return Number(value)
}

/** A 32-byte hex key from a file; the error names the file, never its content. */
function readKey(flags: Flags, name: StringFlag): Hex {
  const path = required(flags, name)
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch {
    throw invalid(`--${name}: cannot read ${path}`)
  }
  if (!isHex(text) || text.length !== 66) throw invalid(`--${name}: ${path} does not hold a 32-byte hex key`)
  return text
}

async function connect(flags: Flags) {
  const rpcUrl = required(flags, 'rpc-url')
  const mcFlag = required(flags, 'mc')
  if (!isAddress(mcFlag, { strict: false })) throw invalid('--mc is not an address')
  const mc = getAddress(mcFlag)
  const probe = createPublicClient({ transport: http(rpcUrl) })
  const chainId = await probe.getChainId().catch((cause) => {
    throw new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'The RPC endpoint did not answer.', {
      details: rpcUrl,
      cause,
    })
  })
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const client = createPublicClient({ chain, cacheTime: 0, pollingInterval: 250, transport: http(rpcUrl) })
  const code = await client.getCode({ address: mc })
  if (!code || code === '0x') throw invalid(`--mc: no contract at ${mc} on chain ${chainId}`)
  const dataDir = required(flags, 'data-dir')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  return { rpcUrl, mc, chainId, chain, client: client as PublicClient, dataDir }
}

async function launchEnclave(
  provider: ProviderChoice,
  c: Awaited<ReturnType<typeof connect>>,
  blob: (hash: Hex) => Promise<Uint8Array>,
): Promise<EnclaveHandle> {
  const enclaveLog = logger.child({ component: 'enclave' })
  return launchChosenEnclave({
    choice: provider,
    common: { chainId: BigInt(c.chainId), mc: c.mc, dataDir: c.dataDir, rpcUrl: c.rpcUrl },
    services: { blob, proofs: rpcProofSource(c.client) },
    logger: (line) => enclaveLog.info({ line }, 'enclave process'),
  })
}

async function genesis(flags: Flags, provider: ProviderChoice): Promise<void> {
  const c = await connect(flags)
  const governance = createWalletClient({
    account: privateKeyToAccount(readKey(flags, 'governance-key-file')),
    chain: c.chain,
    transport: http(c.rpcUrl),
  })
  const enclave = await launchEnclave(provider, c, () =>
    Promise.reject(new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'No blobs exist before genesis.')),
  )
  try {
    const config = await c.client.readContract({
      address: c.mc,
      abi: managementContractAbi,
      functionName: 'config',
    })
    const result = await runGenesis({
      wallet: governance,
      publicClient: c.client,
      mc: c.mc,
      enclave,
      payout: governance.account.address,
      endpoint: flags.endpoint ?? '',
      bond: config.minBond,
    })
    logger.info(
      {
        enclave: result.enclave,
        block: result.blockNumber,
        tx: result.transactionHash,
        provider: enclave.description.provider,
        simulation: enclave.description.simulated,
      },
      'genesis done',
    )
  } finally {
    await enclave.close()
  }
}

async function run(flags: Flags, provider: ProviderChoice): Promise<void> {
  const c = await connect(flags)
  const wallet = createWalletClient({
    account: privateKeyToAccount(readKey(flags, 'key-file')),
    chain: c.chain,
    transport: http(c.rpcUrl),
  })
  const storage = storageNetwork({
    client: c.client,
    mc: c.mc,
    chainId: c.chainId,
    logger: logger.child({ component: 'storage' }),
  })
  const enclave = await launchEnclave(provider, c, (hash) => storage.fetch(hash))
  const description = await enclave.describe()
  const pollMs = integer(flags, 'poll-ms', 2_000)
  const membership = executorMembership({
    client: c.client,
    wallet,
    mc: c.mc,
    enclave,
    logger,
    ...(flags['ws-url'] ? { wsUrl: flags['ws-url'] } : {}),
    pollMs,
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  })
  const confirmationDepth = BigInt(integer(flags, 'confirmations', 0))
  const readRate = integer(flags, 'read-rate', 60)
  if (readRate < 1) throw invalid('--read-rate must be at least 1')
  // D7: reads without a transaction on the health port, whose URL is the registered endpoint.
  const reads = enclave.read
    ? [
        readEndpoint({
          enclave: { read: (call) => enclave.read!(call) },
          enclaveAddress: description.address,
          atBlock: async () => {
            const head = await c.client.getBlockNumber()
            return head > confirmationDepth ? head - confirmationDepth : 0n
          },
          limiter: new SignerRateLimiter({ perMinute: readRate }),
          maxInFlight: Math.max(1, integer(flags, 'read-max-in-flight', 32)),
          logger: logger.child({ component: 'read' }),
        }),
      ]
    : []
  const node = await ExecutorNode.start({
    client: c.client,
    wallet,
    ...(flags['ws-url'] ? { wsUrl: flags['ws-url'] } : {}),
    mc: c.mc,
    chainId: c.chainId,
    dataDir: c.dataDir,
    enclave,
    enclaveAddress: description.address,
    // D2.1: the trusted-RPC verifier is simulation wherever it appears, so a hardware enclave
    // running on it (--insecure-trusted-rpc) is reported as simulation in health and logs.
    simulation: description.simulated || description.headerVerifier.simulated,
    storage,
    logger,
    confirmationDepth,
    healthPort: integer(flags, 'health-port', 0),
    httpRoutes: reads,
    pollMs,
    membership,
    epochs: new EpochKeeper({ client: c.client, wallet, mc: c.mc, enclave, logger }),
  })
  logger.info(
    {
      health: node.healthUrl,
      enclave: description.address,
      mc: c.mc,
      provider: description.provider,
      simulation: description.simulated,
      insecureTrustedRpc: description.insecureTrustedRpc,
    },
    'executor ready',
  )
  let stopping = false
  // Without its enclave the node can do nothing useful: exit non-zero so a supervisor restarts
  // the whole executor, which reopens the sealed keys and settles any pending commit.
  void enclave.exited.then((exit) => {
    if (stopping) return
    logger.fatal({ code: exit.code, signal: exit.signal }, 'enclave process exited; stopping')
    void node.stop().finally(() => process.exit(1))
  })
  const shutdown = (signal: string) => {
    stopping = true
    logger.info({ signal }, 'shutting down')
    node.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
}

try {
  const { command, flags, provider } = parse(process.argv.slice(2))
  // D2.1: said loudly at start, before anything connects (parse refused it without the flag).
  if (provider.kind !== 'simulation')
    logger.warn(
      { provider: provider.kind, insecureTrustedRpc: true },
      'INSECURE (--insecure-trusted-rpc): this hardware enclave takes chain headers from the RPC ' +
        'endpoint unverified; whoever controls it can feed the enclave invented requests, times and state (D2.1)',
    )
  await (command === 'genesis' ? genesis(flags, provider) : run(flags, provider))
} catch (err) {
  // RaceteeError messages carry public details only; anything else is reduced to its name.
  process.stderr.write(`${isRaceteeError(err) ? err.message : `Executor failed: ${(err as Error).name}`}\n`)
  process.exit(1)
}

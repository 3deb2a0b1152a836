/**
 * Where a command talks to (D8): the RPC URL, the management contract and the signing key,
 * from the flags (`--rpc-url`, `--mc`, `--private-key`, `--chain-id`), their environment
 * variables (commander fills the flags from `RACETEE_RPC_URL`, `RACETEE_MC`,
 * `RACETEE_PRIVATE_KEY`), or else the running devnet's `.racetee/devnet.json`.
 *
 * Checked before anything is sent: the RPC answers, its chain id is the one expected (the
 * `--chain-id` given, or the devnet file's when the MC is the devnet's: a stale file or a
 * mistyped URL must not send a request sealed for one chain to another), and code is deployed
 * at the MC. The private key is never printed, logged or put in an error.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  isAddress,
  isAddressEqual,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type DevnetFile, latestDevnetPath, readDevnetFile } from './devnetFile.js'

export type ConnectionOptions = {
  rpcUrl?: string | undefined
  mc?: string | undefined
  privateKey?: string | undefined
  chainId?: string | undefined
}

export type Connection = {
  rpcUrl: string
  mc: Address
  chainId: number
  chain: Chain
  publicClient: PublicClient
  /** The devnet file the defaults came from, if any. */
  devnet: DevnetFile | null
  /** First block worth scanning: the devnet's deploy block, or the MC's `deployBlock()`. */
  deployBlock: bigint
}

const noDevnetHint =
  'start one with `racetee devnet`, or pass --rpc-url and --mc (env RACETEE_RPC_URL, RACETEE_MC)'

export async function connect(options: ConnectionOptions, cwd: string = process.cwd()): Promise<Connection> {
  const devnetPath = latestDevnetPath(cwd)
  const devnet = readDevnetFile(devnetPath)
  const rpcUrl = options.rpcUrl ?? devnet?.rpcUrl
  const mcText = options.mc ?? devnet?.mc
  if (rpcUrl === undefined || mcText === undefined)
    throw new RaceteeError(
      errorCodes.CLI_NO_DEVNET,
      'No devnet is running and no RPC URL and MC were given.',
      {
        details: `${devnetPath} not found; ${noDevnetHint}`,
      },
    )
  if (!isAddress(mcText, { strict: false }))
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The MC address is not an address.', {
      details: '--mc must be 20 bytes of hex',
    })
  const mc = getAddress(mcText)
  const fromDevnet = devnet !== null && options.rpcUrl === undefined
  const publicClient = createPublicClient({
    cacheTime: 0,
    pollingInterval: 250,
    transport: http(rpcUrl, { retryCount: 1, timeout: 10_000 }),
  }) as PublicClient

  let chainId: number
  try {
    chainId = await publicClient.getChainId()
  } catch (cause) {
    if (fromDevnet)
      throw new RaceteeError(errorCodes.CLI_NO_DEVNET, 'The devnet in the devnet file is not running.', {
        details: `${rpcUrl} does not answer (${devnetPath}); ${noDevnetHint}`,
        cause,
      })
    throw new RaceteeError(errorCodes.CLI_RPC_UNREACHABLE, 'The RPC URL does not answer.', {
      details: rpcUrl,
      cause,
    })
  }

  const expected = expectedChainId(options, devnet, mc)
  if (expected !== undefined && expected.chainId !== chainId)
    throw new RaceteeError(errorCodes.CLI_WRONG_CHAIN, 'The RPC is on another chain.', {
      details: `${rpcUrl} is chain ${chainId}; ${expected.source} says ${expected.chainId}`,
    })

  const code = await publicClient.getCode({ address: mc }).catch(() => undefined)
  if (code === undefined || code === '0x')
    throw new RaceteeError(errorCodes.CLI_RPC_UNREACHABLE, 'No management contract at the MC address.', {
      details: `no code at ${mc} on chain ${chainId} (${rpcUrl})`,
    })
  const deployBlock =
    devnet !== null && isAddressEqual(devnet.mc, mc) && /^\d+$/.test(devnet.deployBlock ?? '')
      ? BigInt(devnet.deployBlock)
      : await readDeployBlock(publicClient, mc)

  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  return { rpcUrl, mc, chainId, chain, publicClient, devnet, deployBlock }
}

function expectedChainId(
  options: ConnectionOptions,
  devnet: DevnetFile | null,
  mc: Address,
): { chainId: number; source: string } | undefined {
  if (options.chainId !== undefined) {
    if (!/^\d+$/.test(options.chainId))
      throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The chain id is not a number.', {
        details: '--chain-id must be a decimal integer',
      })
    return { chainId: Number(options.chainId), source: '--chain-id' }
  }
  if (devnet !== null && isAddressEqual(devnet.mc, mc))
    return { chainId: devnet.chainId, source: 'the devnet file (.racetee/devnet.json)' }
  return undefined
}

async function readDeployBlock(client: PublicClient, mc: Address): Promise<bigint> {
  try {
    return BigInt(
      await client.readContract({ address: mc, abi: managementContractAbi, functionName: 'deployBlock' }),
    )
  } catch (cause) {
    throw new RaceteeError(
      errorCodes.CLI_RPC_UNREACHABLE,
      'The contract at the MC address is no RaceTEE MC.',
      {
        details: `deployBlock() failed at ${mc}`,
        cause,
      },
    )
  }
}

/**
 * The signing account: `--private-key` (or its env), else the devnet's first test account when
 * the connection is the devnet's own. The key's text never reaches an error.
 */
export function signerAccount(options: ConnectionOptions, connection: Connection): Account {
  const devnetKey =
    connection.devnet !== null && connection.devnet.rpcUrl === connection.rpcUrl
      ? connection.devnet.testAccounts[0]?.privateKey
      : undefined
  const key = options.privateKey ?? devnetKey
  if (key === undefined)
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'No private key to sign with.', {
      details: 'pass --private-key or set RACETEE_PRIVATE_KEY',
    })
  const normalised = key.startsWith('0x') ? key : `0x${key}`
  if (!/^0x[0-9a-fA-F]{64}$/.test(normalised))
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'The private key is not 32 bytes of hex.', {
      details: '--private-key / RACETEE_PRIVATE_KEY (value not shown)',
    })
  return privateKeyToAccount(normalised as Hex)
}

export function walletClientFor(
  connection: Connection,
  account: Account,
): WalletClient<Transport, Chain, Account> {
  return createWalletClient({
    account,
    chain: connection.chain,
    pollingInterval: 250,
    transport: http(connection.rpcUrl, { retryCount: 1, timeout: 30_000 }),
  })
}

/**
 * Where the examples connect (D8 "User side"): the chain's RPC URL, the management contract
 * (MC) and the key that pays for requests. Environment variables come first
 * (`RACETEE_RPC_URL`, `RACETEE_MC`, `RACETEE_PRIVATE_KEY`); whatever they leave out is read from
 * `.racetee/devnet.json`, which `racetee devnet` (`npm start`) writes while the devnet runs.
 * Request secrets go to `.racetee/secrets` (a file store), so a result can still be opened
 * after a crash between sending and reading it.
 */
import { readFile } from 'node:fs/promises'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { SecretStore } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type Connection = {
  mc: Address
  chain: Chain
  /** For reads; `cacheTime: 0` so every poll sees the newest block. */
  publicClient: PublicClient<Transport, Chain>
  /** Signs and pays for requests. */
  wallet: WalletClient<Transport, Chain, PrivateKeyAccount>
  secretStore: SecretStore
}

/** The fields of `.racetee/devnet.json` the examples use (the file holds more). */
type DevnetFile = { rpcUrl?: string; mc?: Address; testAccounts?: { privateKey?: Hex }[] }

export async function connect(): Promise<Connection> {
  const file = await readDevnetFile()
  const rpcUrl = process.env.RACETEE_RPC_URL ?? file?.rpcUrl
  const mc = (process.env.RACETEE_MC ?? file?.mc) as Address | undefined
  const key = (process.env.RACETEE_PRIVATE_KEY ?? file?.testAccounts?.[0]?.privateKey) as Hex | undefined
  if (!rpcUrl || !mc || !key)
    throw new RaceteeError(
      errorCodes.CLI_NO_DEVNET,
      'No devnet found: start the devnet with `npm start` first.',
      {
        details: 'or set RACETEE_RPC_URL, RACETEE_MC and RACETEE_PRIVATE_KEY',
      },
    )
  // The chain id comes from the node itself, so a wallet never signs for another chain.
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }), cacheTime: 0 })
  const id = await probe.getChainId().catch((cause: unknown) => {
    // Most often a devnet.json left behind by a devnet that did not stop cleanly.
    throw new RaceteeError(
      errorCodes.CLI_RPC_UNREACHABLE,
      'The chain does not answer: is the devnet running (`npm start`)?',
      {
        details: rpcUrl,
        cause,
      },
    )
  })
  const chain = defineChain({
    id,
    name: 'racetee',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const transport = http(rpcUrl)
  return {
    mc,
    chain,
    publicClient: createPublicClient({ chain, transport, cacheTime: 0, pollingInterval: 200 }),
    wallet: createWalletClient({ chain, transport, account: privateKeyToAccount(key), pollingInterval: 200 }),
    secretStore: fileSecretStore({ dir: '.racetee/secrets' }),
  }
}

async function readDevnetFile(): Promise<DevnetFile | undefined> {
  try {
    return JSON.parse(await readFile('.racetee/devnet.json', 'utf8')) as DevnetFile
  } catch {
    return undefined // no devnet running here: the environment must say where to connect
  }
}

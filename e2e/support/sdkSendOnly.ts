/**
 * A user's process that dies after sending (D8 "a crash between send and result loses
 * nothing"), run by e2e/sdkRestart.test.ts as its own process:
 *
 *   node --import tsx e2e/support/sdkSendOnly.ts --rpc-url <url> --mc <address>
 *        --program <address> --key-file <file> --secrets-dir <dir> --to <address> --amount <n>
 *
 * Sends one confidential `transfer(to, amount)` through the SDK with a `fileSecretStore` over
 * `--secrets-dir`, prints one JSON line `{"hash":"0x…"}` on stdout, then waits to be killed:
 * it never reads the result, so only the store on disk can carry the secret to whoever does.
 * The key is read from a file and never printed; the amount is never printed. A failure prints
 * one line on stderr (a RaceteeError's message, or an error's name) and exits 1.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { confidentialErc20Abi, errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import { callProgram } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  isAddress,
  isHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

const names = ['rpc-url', 'mc', 'program', 'key-file', 'secrets-dir', 'to', 'amount'] as const
type Flags = Record<(typeof names)[number], string>

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.TOOLING_FAILED, 'Invalid sdkSendOnly arguments.', { details })
}

function parse(): Flags {
  let values: Partial<Flags>
  try {
    values = parseArgs({
      strict: true,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
    }).values as Partial<Flags>
  } catch (err) {
    throw invalid((err as Error).message)
  }
  for (const name of names) if (!values[name]) throw invalid(`--${name} is required`)
  return values as Flags
}

function address(flags: Flags, name: 'mc' | 'program' | 'to'): Address {
  const value = flags[name]
  if (!isAddress(value, { strict: false })) throw invalid(`--${name} is not an address`)
  return value
}

async function main(): Promise<void> {
  const flags = parse()
  let key: string
  try {
    key = readFileSync(flags['key-file'], 'utf8').trim()
  } catch {
    throw invalid(`--key-file: cannot read ${flags['key-file']}`)
  }
  if (!isHex(key) || key.length !== 66) throw invalid(`--key-file: ${flags['key-file']} holds no 32-byte key`)
  if (!/^\d+$/.test(flags.amount)) throw invalid('--amount must be a decimal integer')

  const probe = createPublicClient({ transport: http(flags['rpc-url']) })
  const chain = defineChain({
    id: await probe.getChainId(),
    name: 'racetee-devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [flags['rpc-url']] } },
  })
  const publicClient = createPublicClient({ chain, cacheTime: 0, transport: http(flags['rpc-url']) })
  const wallet = createWalletClient({
    account: privateKeyToAccount(key),
    chain,
    transport: http(flags['rpc-url']),
  })
  const { hash } = await callProgram(wallet, {
    mc: address(flags, 'mc'),
    program: address(flags, 'program'),
    abi: confidentialErc20Abi,
    functionName: 'transfer',
    args: [address(flags, 'to'), BigInt(flags.amount)],
    gasLimit: 200_000n,
    secretStore: fileSecretStore({ dir: flags['secrets-dir'] }),
    publicClient,
  })
  process.stdout.write(`${JSON.stringify({ hash })}\n`)
  // Keeps the process alive until it is killed: it must not reach a result on its own.
  setInterval(() => {}, 1 << 30)
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${isRaceteeError(err) ? err.message : `sdkSendOnly failed: ${(err as Error).name}`}\n`,
  )
  process.exit(1)
})

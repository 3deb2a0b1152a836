/**
 * One anvil and one management contract per test file: clients, named dev accounts, genesis
 * with one enclave, two registered storage nodes, and helpers to send requests, mine blocks and
 * read the MC.
 */
import { raceteeDomain } from '@racetee/protocol'
import {
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeErrorResult,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { hashingProbeArtifact, managementContractArtifact } from '../../artifacts/index.js'
import {
  deployManagementContract,
  devnetConfig,
  type ManagementContractConfig,
  type StartAnvilReturnType,
  startAnvil,
} from '../../devchain/index.js'

export const mcAbi = managementContractArtifact.abi

/** The config of contract tests: small ring and block quota, short delays, k = 2. */
export function testConfig(governance: Address): ManagementContractConfig {
  return {
    ...devnetConfig(governance),
    ringSize: 64n,
    blockQuotaGas: 60n * 20_000n,
    commitGasPerRequest: 20_000n,
    admissionDelay: 3n,
    gracePeriod: 5n,
    minBond: 10n ** 18n,
    bondWithdrawalDelay: 10n,
  }
}

export type Wallet = WalletClient<Transport, Chain, PrivateKeyAccount>

export type TestChain = {
  anvil: StartAnvilReturnType
  publicClient: PublicClient
  testClient: TestClient
  mc: Address
  deployBlock: bigint
  chainId: number
  domain: ReturnType<typeof raceteeDomain>
  config: ManagementContractConfig
  accounts: {
    governance: PrivateKeyAccount
    enclave: PrivateKeyAccount
    enclave2: PrivateKeyAccount
    storage: PrivateKeyAccount[]
    user: PrivateKeyAccount
    host: PrivateKeyAccount
    user2: PrivateKeyAccount
  }
  wallet: (account: PrivateKeyAccount) => Wallet
  stop: () => Promise<void>
}

export const requestPublicKey0: Hex = `0x${'11'.repeat(32)}`

export async function startTestChain(
  options: { configure?: (c: ManagementContractConfig) => ManagementContractConfig; genesis?: boolean } = {},
): Promise<TestChain> {
  const anvil = await startAnvil()
  try {
    const keys = anvil.accounts
    const acct = (i: number) => privateKeyToAccount(keys[i]!)
    const accounts = {
      governance: acct(0),
      enclave: acct(1),
      enclave2: acct(2),
      storage: [acct(3), acct(4), acct(5)],
      user: acct(6),
      host: acct(7),
      user2: acct(8),
    }
    const transport = http(anvil.rpcUrl)
    // cacheTime 0: viem caches the block number for its polling interval (4 s), which makes
    // `getBlockNumber()` stale between fast consecutive transactions.
    const publicClient = createPublicClient({
      cacheTime: 0,
      chain: foundry,
      transport,
      pollingInterval: 50,
    }) as PublicClient
    const testClient = createTestClient({ chain: foundry, mode: 'anvil', transport })
    const wallet = (account: PrivateKeyAccount): Wallet =>
      createWalletClient({ account, chain: foundry, transport })
    const config = (options.configure ?? ((c) => c))(testConfig(accounts.governance.address))
    const { address: mc, deployBlock } = await deployManagementContract({
      walletClient: wallet(accounts.governance),
      publicClient,
      config,
    })
    const chain: TestChain = {
      anvil,
      publicClient,
      testClient,
      mc,
      deployBlock,
      chainId: anvil.chainId,
      domain: raceteeDomain(anvil.chainId, mc),
      config,
      accounts,
      wallet,
      stop: anvil.stop,
    }
    if (options.genesis !== false) await genesis(chain)
    return chain
  } catch (err) {
    await anvil.stop()
    throw err
  }
}

/** Genesis with `accounts.enclave`, and storage nodes 0 and 1 registered (k = 2). */
async function genesis(t: TestChain): Promise<void> {
  const gov = t.wallet(t.accounts.governance)
  await send(
    t,
    gov,
    'genesis',
    [
      t.accounts.enclave.address,
      `0x${'aa'.repeat(32)}`,
      '0x01',
      t.accounts.host.address,
      'http://enclave-1',
      requestPublicKey0,
    ],
    t.config.minBond,
  )
  for (const node of t.accounts.storage.slice(0, 2)) {
    await send(t, gov, 'addStorageNode', [node.address, `http://storage-${node.address.slice(2, 6)}`])
  }
}

type McFunctionName = Extract<(typeof mcAbi)[number], { type: 'function' }>['name']

/** Sends a transaction to the MC and waits for a successful receipt. */
export async function send(
  t: TestChain,
  wallet: Wallet,
  functionName: McFunctionName,
  args: readonly unknown[],
  value = 0n,
) {
  const hash = await wallet.writeContract({
    address: t.mc,
    abi: mcAbi,
    functionName,
    args,
    value,
  } as never)
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TypeError(`transaction ${functionName} reverted`)
  return receipt
}

/** Waits for a sent transaction's receipt and requires success (its hash, as `submitCommit` gives it). */
export async function mined(t: TestChain, hash: Promise<Hex>) {
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash: await hash })
  if (receipt.status !== 'success') throw new TypeError(`transaction ${receipt.transactionHash} reverted`)
  return receipt
}

export async function read<T>(t: TestChain, functionName: McFunctionName, args: readonly unknown[] = []) {
  return (await t.publicClient.readContract({ address: t.mc, abi: mcAbi, functionName, args } as never)) as T
}

/** The custom error name a rejected viem call carries (decoded with the MC's ABI), or undefined. */
export function revertName(err: unknown): string | undefined {
  let e: unknown = err
  while (e && typeof e === 'object') {
    const data = (e as { data?: unknown }).data
    if (data && typeof data === 'object' && 'errorName' in data) return String(data.errorName)
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
      try {
        return decodeErrorResult({ abi: mcAbi, data: data as Hex }).errorName
      } catch {
        return `unknown ${data.slice(0, 10)}`
      }
    }
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** Asserts that `promise` is rejected with custom error `name`. */
export async function expectRevert(promise: Promise<unknown>, name: string): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  const got = revertName(caught)
  if (got !== name) {
    throw new TypeError(`expected revert ${name}, got ${got ?? String(caught ?? 'success')}`)
  }
}

/** The probe's runtime code as deployed (its EIP-712 immutables filled in), once per chain. */
const probeCode = new WeakMap<TestChain, Promise<Hex>>()

async function deployedProbeCode(t: TestChain): Promise<Hex> {
  const wallet = t.wallet(t.accounts.host)
  const hash = await wallet.deployContract({
    abi: hashingProbeArtifact.abi,
    bytecode: hashingProbeArtifact.bytecode,
  } as never)
  const { contractAddress } = await t.publicClient.waitForTransactionReceipt({ hash })
  const code = contractAddress && (await t.publicClient.getCode({ address: contractAddress }))
  if (!code) throw new TypeError('HashingProbe did not deploy')
  return code
}

/**
 * Calls the test-only `HashingProbe` as if it were the MC at `mc` (an eth_call state override):
 * the probe shares the MC's Hashing library and EIP-712 name, and under another address
 * OpenZeppelin's EIP712 recomputes its domain for address(this), so it computes the digests the
 * MC at `mc` verifies.
 */
export async function readHashingProbe<T>(
  t: TestChain,
  mc: Address,
  functionName: 'admissionDigest' | 'rotationStructHash',
  args: readonly unknown[],
): Promise<T> {
  let code = probeCode.get(t)
  if (!code) {
    code = deployedProbeCode(t)
    probeCode.set(t, code)
  }
  return (await t.publicClient.readContract({
    address: mc,
    abi: hashingProbeArtifact.abi,
    functionName,
    args,
    stateOverride: [{ address: mc, code: await code }],
  } as never)) as T
}

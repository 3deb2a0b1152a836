/**
 * Test helper for the D9 workloads run as plain public contracts: one anvil per test file (no
 * management contract; the workloads do not need it), dev accounts, deploy and send helpers
 * that wait for the receipt and return its gas, and the custom error a reverted call carries.
 */
import {
  type Abi,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { type StartAnvilReturnType, startAnvil } from '../../devchain/index.js'

export type Wallet = WalletClient<Transport, Chain, PrivateKeyAccount>

export type PublicChain = {
  anvil: StartAnvilReturnType
  publicClient: PublicClient
  testClient: TestClient
  /** Dev accounts 0..9. */
  accounts: PrivateKeyAccount[]
  wallet: (account: PrivateKeyAccount) => Wallet
  stop: () => Promise<void>
}

export async function startPublicChain(): Promise<PublicChain> {
  const anvil = await startAnvil()
  const transport = http(anvil.rpcUrl)
  // cacheTime 0: viem would otherwise serve a stale block number between fast transactions.
  const publicClient = createPublicClient({
    cacheTime: 0,
    chain: foundry,
    transport,
    pollingInterval: 50,
  }) as PublicClient
  return {
    anvil,
    publicClient,
    testClient: createTestClient({ chain: foundry, mode: 'anvil', transport }),
    accounts: anvil.accounts.map((key) => privateKeyToAccount(key)),
    wallet: (account) => createWalletClient({ account, chain: foundry, transport }),
    stop: anvil.stop,
  }
}

type Artifact<A extends Abi> = { abi: A; bytecode: Hex }

/** Deploys `artifact` from `account` and returns its address. */
export async function deploy<const A extends Abi>(
  t: PublicChain,
  account: PrivateKeyAccount,
  artifact: Artifact<A>,
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await t.wallet(account).deployContract({
    abi: artifact.abi as Abi,
    bytecode: artifact.bytecode,
    args,
  } as never)
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new TypeError('deploy reverted')
  return getAddress(receipt.contractAddress)
}

/**
 * The gas limit of every transaction `send` makes: fixed, under the 2^24 cap, never estimated.
 * An estimate is the least gas with which the call succeeds, and a call that catches an inner
 * failure succeeds with less gas too (the inner call runs out instead of running): its
 * receipt would measure another execution than the one the enclave runs with ample gas.
 */
export const SEND_GAS = 15_000_000n

/**
 * Sends `functionName(args)` as a transaction (views too: D9 measures a request as a
 * transaction) and returns the successful receipt and what the call returned, simulated at the
 * same state just before.
 */
export async function send<const A extends Abi, N extends ContractFunctionName<A>>(
  t: PublicChain,
  account: PrivateKeyAccount,
  address: Address,
  abi: A,
  functionName: N,
  args: ContractFunctionArgs<A, 'nonpayable' | 'payable' | 'view' | 'pure', N>,
): Promise<{ receipt: TransactionReceipt; result: unknown }> {
  const data = encodeFunctionData({ abi, functionName, args } as never)
  const { data: returned } = await t.publicClient.call({ account, to: address, data, gas: SEND_GAS })
  const hash = await t.wallet(account).sendTransaction({ to: address, data, gas: SEND_GAS })
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TypeError(`${functionName} reverted`)
  const result = decodeFunctionResult({ abi, functionName, data: returned ?? '0x' } as never)
  return { receipt, result }
}

/** The custom error name a rejected call carries, decoded with `abi`, or undefined. */
export function revertName(abi: Abi, err: unknown): string | undefined {
  let e: unknown = err
  while (e && typeof e === 'object') {
    const data = (e as { data?: unknown }).data
    if (data && typeof data === 'object' && 'errorName' in data) return String(data.errorName)
    if (typeof data === 'string' && data.startsWith('0x') && data.length >= 10) {
      try {
        return decodeErrorResult({ abi, data: data as Hex }).errorName
      } catch {
        return `unknown ${data.slice(0, 10)}`
      }
    }
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** Asserts that simulating `functionName(args)` from `account` reverts with custom error `name`. */
export async function expectRevert<const A extends Abi, N extends ContractFunctionName<A>>(
  t: PublicChain,
  account: PrivateKeyAccount,
  address: Address,
  abi: A,
  functionName: N,
  args: ContractFunctionArgs<A, 'nonpayable' | 'payable' | 'view' | 'pure', N>,
  name: string,
): Promise<void> {
  let caught: unknown
  try {
    await t.publicClient.simulateContract({ account, address, abi, functionName, args } as never)
  } catch (err) {
    caught = err
  }
  const got = revertName(abi, caught)
  if (got !== name) throw new TypeError(`expected revert ${name}, got ${got ?? String(caught ?? 'success')}`)
}

/** Prints a gas figure for issue 7's table (D9), in one recognisable format. */
export function reportGas(workload: string, call: string, gasUsed: bigint): void {
  console.log(`gas[public] ${workload} ${call}: ${gasUsed}`)
}

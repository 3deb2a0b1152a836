/**
 * The public reference run of the e2e tests (D9: each workload also runs as a plain public
 * contract on the same chain): the same token deployed publicly by the same deployer, and the
 * confidential steps replayed on it one by one in the MC's seq order (D3.2), so that every
 * decrypted result can be held against what Ethereum itself computes. `tokenDemo.ts` does the
 * same inside the demo; this module is the shared form for tests, driven by results the test
 * already holds, in any number.
 *
 * A mismatch is described by seq, function and the field that differs (status, value, gas),
 * never by the values themselves: they are the test's plaintext amounts.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi } from '@racetee/protocol'
import type { Account, Address, Chain, Transport, WalletClient } from 'viem'
import type { Devnet } from '../../devnet/startDevnet.js'
import type { DemoStep } from '../../devnet/tokenDemo.js'

/** The decrypted outcome of one confidential step, as `waitForResult` returns it. */
export type ConfidentialOutcome = { seq: bigint; status: string; gasUsed: bigint; decoded?: unknown }

export type ReplayStep = { step: DemoStep; result: ConfidentialOutcome }

export type ReplayPubliclyParameters = {
  /** The account that deployed the confidential token (it holds the supply). */
  deployer: Address
  /** The confidential token's constructor arguments. */
  args: readonly [string, string, bigint]
  steps: readonly ReplayStep[]
  /** The gas limit every transfer was sent with, so that a reverting one is mined too. */
  transferGas: bigint
  walletOf: (address: Address) => WalletClient<Transport, Chain, Account>
}

export type ReplayPubliclyReturnType = {
  publicToken: Address
  /** One line per differing step, in seq order; empty when every result matched. */
  mismatches: string[]
}

type Reference = { status: 'success' | 'reverted'; value: unknown; gasUsed: bigint | null }

export async function replayPublicly(
  devnet: Devnet,
  parameters: ReplayPubliclyParameters,
): Promise<ReplayPubliclyReturnType> {
  const { deployer, args, walletOf, transferGas } = parameters
  const deployHash = await walletOf(deployer).deployContract({
    abi: confidentialErc20Abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args,
  })
  const deployed = await devnet.publicClient.waitForTransactionReceipt({ hash: deployHash })
  if (!deployed.contractAddress) throw new TypeError('the public token deploy created no contract')
  const publicToken = deployed.contractAddress

  const ordered = [...parameters.steps].sort((a, b) => (a.result.seq < b.result.seq ? -1 : 1))
  const mismatches: string[] = []
  for (const { step, result } of ordered) {
    const reference = await runStep(devnet, walletOf(step.from), publicToken, step, transferGas)
    const differs = [
      result.status !== reference.status && 'status',
      result.status === 'success' && result.decoded !== reference.value && 'value',
      reference.gasUsed !== null && result.gasUsed !== reference.gasUsed && 'gas',
    ].filter(Boolean)
    if (differs.length > 0) mismatches.push(`seq ${result.seq} ${step.functionName}: ${differs.join(', ')}`)
  }
  return { publicToken, mismatches }
}

/** One step on the public token: a view is read, a transfer is simulated for its value, then mined. */
async function runStep(
  devnet: Devnet,
  wallet: WalletClient<Transport, Chain, Account>,
  token: Address,
  step: DemoStep,
  transferGas: bigint,
): Promise<Reference> {
  const call = { address: token, abi: confidentialErc20Abi, account: wallet.account } as const
  if (step.functionName === 'balanceOf') {
    const [owner] = step.args
    const value = await devnet.publicClient.readContract({
      ...call,
      functionName: 'balanceOf',
      args: [owner],
    })
    return { status: 'success', value, gasUsed: null }
  }
  const [to, amount] = step.args as readonly [Address, bigint]
  let value: unknown
  try {
    value = (
      await devnet.publicClient.simulateContract({ ...call, functionName: 'transfer', args: [to, amount] })
    ).result
  } catch {
    value = undefined
  }
  const hash = await wallet.writeContract({
    ...call,
    functionName: 'transfer',
    args: [to, amount],
    gas: transferGas,
  })
  const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  // A transfer that simulated fine but reverted when mined would be a replay bug: status decides.
  return {
    status: receipt.status,
    value: receipt.status === 'success' ? value : undefined,
    gasUsed: receipt.gasUsed,
  }
}

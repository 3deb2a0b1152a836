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
import type { Devnet } from '@racetee/devnet'
import { compareWithReference, type DemoStep, referenceCall, runReference } from '@racetee/devnet'
import { confidentialErc20Abi } from '@racetee/protocol'
import type { Account, Address, Chain, Transport, WalletClient } from 'viem'

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
    const call = { ...referenceCall(publicToken, step), gas: transferGas }
    const reference = await runReference(devnet.publicClient, walletOf(step.from), call)
    const differs = compareWithReference(result, reference)
    if (differs.length > 0) mismatches.push(`seq ${result.seq} ${step.functionName}: ${differs.join(', ')}`)
  }
  return { publicToken, mismatches }
}

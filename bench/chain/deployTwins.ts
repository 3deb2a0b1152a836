/**
 * Brings one bench workload to its measured state on both sides of the same devnet (D9): every
 * deployment confidentially through the SDK and publicly as a plain contract, then the setup
 * steps in order on both (the public side through the devnet's `runReference`). A setup step
 * that does not succeed on either side stops the bench: measuring a broken state would print
 * figures for the wrong thing. Returns each side's addresses and step values for the measured
 * call's arguments.
 */

import type { Devnet, Side, SideContext } from '@racetee/devnet'
import { runReference, workloadSides } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { deployProgram, type SecretStore, waitForResult } from '@racetee/sdk'
import type { Account, Address, Chain, Transport, WalletClient } from 'viem'
import type { BenchWorkload } from './benchWorkloads.js'

export type Twins = {
  context(side: Side): SideContext
  wallet(address: Address): WalletClient<Transport, Chain, Account>
}

export async function deployTwins(
  devnet: Devnet,
  workload: BenchWorkload,
  options: { secretStore: SecretStore },
): Promise<Twins> {
  const { mc, publicClient } = devnet
  const { secretStore } = options
  const sides = workloadSides(devnet, workload.key)
  const { walletOf: wallet, context } = sides
  const failed = (what: string, status: string) =>
    new RaceteeError(errorCodes.TOOLING_FAILED, 'A bench setup step did not succeed.', {
      details: `${workload.key}: ${what} ended ${status}`,
    })
  const confidentialResult = async (hash: `0x${string}`, what: string) => {
    const result = await waitForResult(publicClient, { mc, hash, secretStore, pollingInterval: 100 })
    if (result.status !== 'success') throw failed(`confidential ${what}`, result.status)
    return result
  }

  const { setup, jsSource } = workload
  if (jsSource) {
    const deployed = await deployProgram(wallet(workload.call.from), {
      mc,
      source: jsSource.source,
      gasLimit: 3_000_000n,
      secretStore,
      publicClient,
    })
    await confidentialResult(deployed.hash, `${jsSource.name} deploy`)
    sides.setAddress('confidential', jsSource.name, deployed.program)
  }
  for (const d of setup.deployments) await sides.deployBoth(d, { secretStore })
  for (const step of setup.steps) {
    await step.before?.(devnet)
    const target = (side: Side) => sides.target(step, side)
    const { result } = await sides.callConfidential(step, { secretStore, gas: step.gas ?? 1_000_000n })
    if (result.status !== 'success') throw failed(`confidential ${step.label}`, result.status)
    sides.setValue('confidential', step.label, result.decoded)
    const reference = await runReference(publicClient, wallet(step.from), {
      abi: step.abi,
      address: target('public'),
      functionName: step.functionName,
      args: step.args?.(context('public')) ?? [],
      kind: step.kind ?? 'transaction',
      gas: step.gas ?? 1_000_000n,
    })
    if (reference.status !== 'success') throw failed(`public ${step.label}`, reference.status)
    sides.setValue('public', step.label, reference.value)
  }
  return { context, wallet }
}

/**
 * The public side's gas per call (D9): the measured call sent as a plain transaction to the
 * public twin (a view like `select` or `cal` too: its cost as a transaction is what a public
 * user would pay to have it computed on chain), `repeats` times; the mean receipt gasUsed.
 * The gas limit is the confidential request's own (the engine charges Ethereum's gas, D5). The
 * devnet's anvil does not enforce EIP-7825's 2^24 transaction cap (startAnvil does not pass
 * `--tx-gas-limit`), so a call needing more than the cap would still run here and report the
 * gas it would need, up to its limit. A run that fails is a fault, never a figure.
 */

import type { Devnet } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { MeasuredCall } from './benchWorkloads.js'
import type { Twins } from './deployTwins.js'

export const PUBLIC_GAS_METHOD =
  'mean receipt gasUsed of the call mined as a transaction on the public twin (same anvil; gas limit as the confidential request; anvil does not enforce the EIP-7825 cap, so gas above 2^24 would be reported as needed)'

export async function publicGas(
  devnet: Devnet,
  twins: Twins,
  call: MeasuredCall,
  parameters: { repeats: number; firstIndex: number },
): Promise<number> {
  const ctx = twins.context('public')
  const address = typeof call.target === 'string' ? ctx.address(call.target) : call.target(ctx)
  const wallet = twins.wallet(call.from)
  let total = 0n
  for (let i = 0; i < parameters.repeats; i++) {
    const hash = await wallet.writeContract({
      address,
      abi: call.abi,
      functionName: call.functionName,
      args: call.args(ctx, parameters.firstIndex + i),
      gas: call.gas,
    } as never)
    const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100 })
    if (receipt.status !== 'success')
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A public bench call did not succeed.', {
        details: `${call.label} on ${address}: ${receipt.status} with gas limit ${call.gas}`,
      })
    total += receipt.gasUsed
  }
  return Number(total) / parameters.repeats
}

/**
 * What governance does after a challenge (D3.3): revoke the faulty enclave, then unfreeze
 * commits. Sent from the devnet's governance account (dev account 0); each transaction must
 * succeed, or this throws with its hash.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import type { Devnet } from '@racetee/devnet'
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Address } from 'viem'

export async function resolveChallenge(
  devnet: Pick<Devnet, 'mc' | 'publicClient' | 'wallet'>,
  faultyEnclave: Address,
): Promise<void> {
  const governance = devnet.wallet(anvilDevKeys[0]!)
  const calls = [
    { functionName: 'revoke', args: [faultyEnclave] },
    { functionName: 'unfreeze', args: [] },
  ] as const
  for (const call of calls) {
    const hash = await governance.writeContract({
      address: devnet.mc,
      abi: managementContractAbi,
      ...call,
    } as never)
    const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success')
      throw new RaceteeError(errorCodes.TOOLING_FAILED, `Governance's ${call.functionName} reverted.`, {
        details: hash,
      })
  }
}

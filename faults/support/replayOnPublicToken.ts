/**
 * The public replay a fault scenario is judged against (issue 6 "Done when", D9): the same
 * token deployed publicly by the same deployer, and every answered request replayed on it in
 * the MC's seq order (D3.2), a view read, a transfer mined with the same gas limit. Returns the
 * seqs whose decrypted result differs (status, value or gas), never the values themselves.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import type { Devnet } from '@racetee/devnet'
import { compareWithReference, referenceCall, runReference } from '@racetee/devnet'
import { confidentialErc20Abi } from '@racetee/protocol'
import type { Account, Address, Chain, Transport, WalletClient } from 'viem'
import { tokenArgs } from '../../e2e/support/deployConfidentialToken.js'
import { type AnsweredRequest, TRANSFER_GAS } from './tokenWorkload.js'

export async function replayOnPublicToken(
  devnet: Pick<Devnet, 'publicClient'>,
  parameters: {
    deployer: Address
    answered: readonly AnsweredRequest[]
    walletOf: (address: Address) => WalletClient<Transport, Chain, Account>
  },
): Promise<Set<bigint>> {
  const { deployer, walletOf } = parameters
  const hash = await walletOf(deployer).deployContract({
    abi: confidentialErc20Abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: tokenArgs,
  })
  const { contractAddress } = await devnet.publicClient.waitForTransactionReceipt({ hash })
  if (!contractAddress) throw new TypeError('the public token deploy created no contract')
  const mismatched = new Set<bigint>()
  const ordered = [...parameters.answered].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
  for (const { step, result, seq } of ordered) {
    const call = { ...referenceCall(contractAddress, step), gas: TRANSFER_GAS }
    const reference = await runReference(devnet.publicClient, walletOf(step.from), call)
    if (compareWithReference(result, reference).length > 0) mismatched.add(seq)
  }
  return mismatched
}

/**
 * Sends a batch's commit to the MC (D3.3): the enclave's signed `Commit`, the storage nodes'
 * `Availability` signatures ordered by signer (the MC requires them strictly ascending), and
 * the ring hint of the checkpoint covering `toBlock` (ARCHITECTURE.md decision 9).
 */
import type { BatchOutput } from '@racetee/enclave'
import { compareHex, managementContractAbi } from '@racetee/protocol'
import type { Account, Address, Chain, Hash, Hex, Transport, WalletClient } from 'viem'

export type StorageConfirmation = { signer: Address; signature: Hex }

/** The `commit` call's arguments, confirmations sorted by signer. */
export function commitArgs(
  output: BatchOutput,
  confirmations: readonly StorageConfirmation[],
  ringHint: bigint,
) {
  const ordered = [...confirmations].sort((a, b) => compareHex(a.signer, b.signer))
  return [
    { body: output.body, beneficiary: output.beneficiary },
    output.signature,
    ordered.map((c) => c.signature),
    ringHint,
  ] as const
}

export async function submitCommit(parameters: {
  wallet: WalletClient<Transport, Chain | undefined, Account>
  mc: Address
  output: BatchOutput
  confirmations: readonly StorageConfirmation[]
  ringHint: bigint
}): Promise<Hash> {
  const { wallet, mc, output, confirmations, ringHint } = parameters
  return wallet.writeContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'commit',
    args: commitArgs(output, confirmations, ringHint),
    account: wallet.account,
    chain: wallet.chain,
  })
}

/**
 * A newcomer's operator registers its enclave (D3.1): signing address, encryption key and
 * evidence, with a bond. Admission follows when an admitted enclave verifies the evidence
 * (`admitEnclave`); the MC keeps only the evidence's hash, the event carries the evidence.
 */
import { managementContractAbi } from '@racetee/protocol'
import type { Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem'
import type { EnclaveHandle } from '../enclave/EnclaveProvider.js'
import { confirmTransaction } from './confirmTransaction.js'

export type RegisterEnclaveParameters = {
  /** The operator's wallet: pays the bond and gas. */
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  mc: Address
  enclave: EnclaveHandle
  payout: Address
  endpoint: string
  bond: bigint
}

export async function registerEnclave(
  parameters: RegisterEnclaveParameters,
): Promise<{ transactionHash: Hash; blockNumber: bigint }> {
  const { wallet, publicClient, mc, enclave, payout, endpoint, bond } = parameters
  const { address, encryptionKey, evidence } = await enclave.describe()
  const transactionHash = await wallet.writeContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'register',
    args: [address, encryptionKey, evidence, payout, endpoint],
    value: bond,
    account: wallet.account,
    chain: wallet.chain,
  })
  const receipt = await confirmTransaction(publicClient, transactionHash, 'register')
  return { transactionHash, blockNumber: receipt.blockNumber }
}

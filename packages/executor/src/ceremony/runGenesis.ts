/**
 * The genesis ceremony (D3.1, D4): the first enclave draws epoch 0's secret (sealed to its disk
 * before it answers, D10), and governance registers and admits it in one `genesis` call that
 * starts epoch 0 with the enclave's request public key. Under simulation the evidence is a
 * simulated quote; the MC keeps only its hash.
 */
import { managementContractAbi } from '@racetee/protocol'
import type { Account, Address, Chain, Hash, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { EnclaveHandle } from '../enclave/EnclaveProvider.js'
import { confirmTransaction } from './confirmTransaction.js'

export type RunGenesisParameters = {
  /** Governance's wallet (a multisig in production, a devnet key locally). */
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  mc: Address
  enclave: EnclaveHandle
  /** Where the enclave's bond returns and its fees are paid. */
  payout: Address
  endpoint: string
  bond: bigint
}

export type RunGenesisReturnType = {
  transactionHash: Hash
  blockNumber: bigint
  enclave: Address
  requestPublicKey: Hex
}

export async function runGenesis(parameters: RunGenesisParameters): Promise<RunGenesisReturnType> {
  const { wallet, publicClient, mc, enclave, payout, endpoint, bond } = parameters
  const { requestPublicKey } = await enclave.createGenesisEpoch()
  const { address, encryptionKey, evidence } = await enclave.describe()
  const transactionHash = await wallet.writeContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'genesis',
    args: [address, encryptionKey, evidence, payout, endpoint, requestPublicKey],
    value: bond,
    account: wallet.account,
    chain: wallet.chain,
  })
  const receipt = await confirmTransaction(publicClient, transactionHash, 'genesis')
  return { transactionHash, blockNumber: receipt.blockNumber, enclave: address, requestPublicKey }
}

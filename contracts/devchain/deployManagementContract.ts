/** Deploys the management contract (D3.1) and waits for its receipt. */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem'
import { managementContractArtifact } from '../artifacts/index.js'
import type { ManagementContractConfig } from './devnetConfig.js'

export type DeployManagementContractParameters = {
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  config: ManagementContractConfig
}

export type DeployManagementContractReturnType = {
  address: Address
  /** The block of deployment: the MC's live values and last commit start there (P2). */
  deployBlock: bigint
}

export async function deployManagementContract(
  parameters: DeployManagementContractParameters,
): Promise<DeployManagementContractReturnType> {
  const { walletClient, publicClient, config } = parameters
  const hash = await walletClient.deployContract({
    abi: managementContractArtifact.abi,
    bytecode: managementContractArtifact.bytecode,
    args: [config],
    account: walletClient.account,
    chain: walletClient.chain,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'Management contract deployment failed.', {
      details: `transaction ${hash}`,
    })
  }
  return { address: receipt.contractAddress, deployBlock: receipt.blockNumber }
}

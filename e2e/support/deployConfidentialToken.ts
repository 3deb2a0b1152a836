/**
 * Deploys `ConfidentialERC20` through the SDK on a running devnet and waits for its decrypted
 * deploy result (D8, D9's token workload), as the e2e tests' common first step. The deployer
 * holds the whole supply, so its transfers succeed and everyone else's depend on what they
 * were sent before (which makes a wrong order show up in a public replay).
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import type { Devnet } from '@racetee/devnet'
import { confidentialErc20Abi, errorCodes, RaceteeError } from '@racetee/protocol'
import { deployProgram, type SecretStore, type WalletClientWithAccount, waitForResult } from '@racetee/sdk'
import type { Address } from 'viem'

export const tokenArgs = ['Token', 'TOK', 2n ** 200n] as const

export type DeployConfidentialTokenReturnType = { program: Address; seq: bigint }

export async function deployConfidentialToken(
  devnet: Devnet,
  parameters: { wallet: WalletClientWithAccount; secretStore: SecretStore },
): Promise<DeployConfidentialTokenReturnType> {
  const { wallet, secretStore } = parameters
  const { hash, program } = await deployProgram(wallet, {
    mc: devnet.mc,
    bytecode: confidentialErc20Artifact.bytecode,
    abi: confidentialErc20Abi,
    args: tokenArgs,
    gasLimit: 3_000_000n,
    secretStore,
    publicClient: devnet.publicClient,
  })
  const result = await waitForResult(devnet.publicClient, {
    mc: devnet.mc,
    hash,
    secretStore,
    pollingInterval: 100,
    timeout: 30_000,
  })
  if (result.status !== 'success')
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The confidential token deploy failed.', {
      details: `status ${result.status}, seq ${result.seq}`,
    })
  return { program, seq: result.seq }
}

/**
 * Confidential traffic for the dashboard's browser test (D8, D9's token workload): deploys
 * `ConfidentialERC20` through the SDK, then sends transfers from two users in parallel rounds
 * and waits for each decrypted result, as a newcomer's first session would. Amounts are random
 * 128-bit numbers and the recipient never sends anything, so if either shows up on the page
 * in the clear, the test's plaintext check finds it.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { type Devnet, randomAmount } from '@racetee/devnet'
import { confidentialErc20Abi, errorCodes, RaceteeError } from '@racetee/protocol'
import { callProgram, deployProgram, memorySecretStore, waitForResult } from '@racetee/sdk'
import type { Address, Hash } from 'viem'

export type TokenTraffic = { program: Address; amounts: bigint[]; recipient: Address; sent: number }

export async function sendTokenTraffic(
  devnet: Devnet,
  parameters: { rounds: number },
): Promise<TokenTraffic> {
  const secretStore = memorySecretStore()
  const [holder, alice, carol] = devnet.userKeys.map((k) => devnet.wallet(k))
  if (!holder || !alice || !carol) throw new RangeError('the devnet has fewer than three user keys')
  const { publicClient, mc } = devnet
  const wait = async (hash: Hash) => {
    const result = await waitForResult(publicClient, {
      mc,
      hash,
      secretStore,
      pollingInterval: 100,
      timeout: 60_000,
    })
    if (result.status !== 'success')
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A token request of the dashboard test failed.', {
        details: `status ${result.status}, seq ${result.seq}`,
      })
  }
  const { hash, program } = await deployProgram(holder, {
    mc,
    bytecode: confidentialErc20Artifact.bytecode,
    abi: confidentialErc20Abi,
    args: ['Token', 'TOK', 2n ** 200n],
    gasLimit: 3_000_000n,
    secretStore,
    publicClient,
  })
  await wait(hash)
  const amounts: bigint[] = []
  const transfer = async (from: typeof holder, to: Address, amount: bigint) => {
    amounts.push(amount)
    const sent = await callProgram(from, {
      mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [to, amount],
      gasLimit: 200_000n,
      secretStore,
      publicClient,
    })
    await wait(sent.hash)
  }
  const funding = randomAmount()
  await transfer(holder, alice.account.address, funding)
  for (let round = 0; round < parameters.rounds; round++)
    await Promise.all([
      transfer(holder, carol.account.address, randomAmount()),
      transfer(alice, carol.account.address, funding / 64n + BigInt(round)),
    ])
  return { program, amounts, recipient: carol.account.address, sent: amounts.length + 1 }
}

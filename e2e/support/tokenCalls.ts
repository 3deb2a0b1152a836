/**
 * The confidential token's calls as the race tests make them (D8 SDK): `send` seals and sends a
 * `transfer` or `balanceOf` request and returns once it is sent (mined or not, so a test can
 * batch requests into a block), `result` waits for the commit covering it and decrypts.
 */
import { confidentialErc20Abi } from '@racetee/protocol'
import { callProgram, type SecretStore, type WalletClientWithAccount, waitForResult } from '@racetee/sdk'
import type { Address, Hash, PublicClient } from 'viem'

export type TokenCall = { functionName: 'transfer' | 'balanceOf'; hash: Hash }

export type TokenCallsParameters = {
  client: PublicClient
  mc: Address
  program: Address
  secretStore: SecretStore
  /** How long `result` waits for a commit; default 60 s. */
  timeoutMs?: number
}

export function tokenCalls(parameters: TokenCallsParameters) {
  const { client, mc, program, secretStore } = parameters
  async function send(
    wallet: WalletClientWithAccount,
    functionName: 'transfer' | 'balanceOf',
    args: readonly unknown[],
  ): Promise<TokenCall> {
    const { hash } = await callProgram(wallet, {
      mc,
      program,
      abi: confidentialErc20Abi,
      functionName,
      args: args as never,
      gasLimit: 200_000n,
      secretStore,
      publicClient: client,
    })
    return { functionName, hash }
  }
  async function result(call: TokenCall) {
    return waitForResult(client, {
      mc,
      hash: call.hash,
      secretStore,
      abi: confidentialErc20Abi,
      functionName: call.functionName,
      pollingInterval: 100,
      timeout: parameters.timeoutMs ?? 60_000,
    })
  }
  return {
    send,
    result,
    /** Sends, then waits for the decrypted result. */
    async call(
      wallet: WalletClientWithAccount,
      functionName: 'transfer' | 'balanceOf',
      args: readonly unknown[],
    ) {
      return result(await send(wallet, functionName, args))
    },
  }
}

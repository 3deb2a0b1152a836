/**
 * `callProgram` followed by `waitForResult` (D8 "call it, await and decrypt the result"), for
 * callers who hold the process open until the result arrives. One that may restart in between
 * should keep the hash and call `waitForResult` itself: the secret is in the store either way.
 */
import type { Abi, Client, ContractFunctionName } from 'viem'
import { type CallProgramParameters, callProgram } from './callProgram.js'
import type { WalletClientWithAccount } from './sendSealedRequest.js'
import { type WaitForResultParameters, type WaitForResultReturnType, waitForResult } from './waitForResult.js'

export type CallProgramAndWaitParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = CallProgramParameters<abi, functionName> &
  Pick<
    WaitForResultParameters<abi, functionName>,
    'confirmations' | 'pollingInterval' | 'timeout' | 'storageUrls' | 'fetch'
  >

export type CallProgramAndWaitReturnType<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = WaitForResultReturnType<abi, functionName> & { hash: WaitForResultParameters['hash'] }

export async function callProgramAndWait<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi>,
>(
  walletClient: WalletClientWithAccount,
  parameters: CallProgramAndWaitParameters<abi, functionName>,
): Promise<CallProgramAndWaitReturnType<abi, functionName>> {
  const { confirmations, pollingInterval, timeout, storageUrls, fetch, ...call } = parameters
  const { hash } = await callProgram(walletClient, call as CallProgramParameters<abi, functionName>)
  const reader: Client = parameters.publicClient ?? walletClient
  const result = await waitForResult(reader, {
    mc: parameters.mc,
    hash,
    secretStore: parameters.secretStore,
    abi: parameters.abi,
    functionName: parameters.functionName,
    ...(confirmations === undefined ? {} : { confirmations }),
    ...(pollingInterval === undefined ? {} : { pollingInterval }),
    ...(timeout === undefined ? {} : { timeout }),
    ...(storageUrls === undefined ? {} : { storageUrls }),
    ...(fetch === undefined ? {} : { fetch }),
  })
  return { ...result, hash }
}

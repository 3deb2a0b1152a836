/**
 * `callProgram` followed by `waitForResult` (D8 "call it, await and decrypt the result"), for
 * callers who hold the process open until the result arrives. One that may restart in between
 * should keep the hash and call `waitForResult` itself: the secret is in the store either way.
 */
import type { Abi, Client, ContractFunctionName } from 'viem'
import { type CallProgramParameters, callProgram } from './callProgram.js'
import type { WalletClientWithAccount } from './sendSealedRequest.js'
import {
  type EventAbis,
  type WaitForResultParameters,
  type WaitForResultReturnType,
  waitForResult,
} from './waitForResult.js'

export type CallProgramAndWaitParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
  eventAbis extends EventAbis = EventAbis,
> = CallProgramParameters<abi, functionName> &
  Pick<
    WaitForResultParameters<abi, functionName, eventAbis>,
    'confirmations' | 'pollingInterval' | 'timeout' | 'storageUrls' | 'fetch' | 'eventAbis'
  >

export type CallProgramAndWaitReturnType<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
  eventAbis extends EventAbis = readonly [],
> = WaitForResultReturnType<abi, functionName, eventAbis> & { hash: WaitForResultParameters['hash'] }

export async function callProgramAndWait<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi>,
  const eventAbis extends EventAbis = readonly [],
>(
  walletClient: WalletClientWithAccount,
  parameters: CallProgramAndWaitParameters<abi, functionName, eventAbis>,
): Promise<CallProgramAndWaitReturnType<abi, functionName, eventAbis>> {
  const { confirmations, pollingInterval, timeout, storageUrls, fetch, eventAbis, ...call } = parameters
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
    ...(eventAbis === undefined ? {} : { eventAbis }),
  })
  return { ...result, hash }
}

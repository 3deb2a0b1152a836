/**
 * Calls a confidential program (D3.2, D8): encodes the calldata with viem, seals it as a `call`
 * envelope to the current epoch's request key (P3), persists the result secret, and sends
 * `request(program, call, epoch, gasLimit, envelope)` to the MC with the required fee. Only
 * ciphertext goes on chain; the result is read with `waitForResult` (or `callProgramAndWait`).
 * `args` is typed from `abi` and `functionName` (D8 "typed calls from a Solidity artifact's ABI").
 */
import { managementContractAbi, type RaceteeError, requestKinds } from '@racetee/protocol'
import {
  type Abi,
  type AbiStateMutability,
  type Address,
  type Client,
  type ContractFunctionArgs,
  type ContractFunctionName,
  encodeFunctionData,
  type Hash,
  type Hex,
  hexToBytes,
  isAddress,
  isAddressEqual,
} from 'viem'
import type { SecretStore } from '../secretStore/SecretStore.js'
import { type EncryptionContext, getEncryptionContext } from './getEncryptionContext.js'
import { sendSealedRequest, type WalletClientWithAccount, walletAccount } from './sendSealedRequest.js'

/** The arguments of `functionName` in `abi`, any mutability: every call runs as a transaction (D5). */
export type CallProgramArgs<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = ContractFunctionArgs<abi, AbiStateMutability, functionName>

/**
 * `args` typed from `abi` and `functionName` (viem's types), required when the function takes
 * arguments, optional when it takes none (or when the ABI is not `as const`).
 */
export type CallProgramParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = {
  mc: Address
  program: Address
  abi: abi
  functionName: functionName
  /** Enclave gas for the call; the fee is `requiredFee(gasLimit)`. */
  gasLimit: bigint
  secretStore: SecretStore
  /** Client for reads; the wallet client when omitted. */
  publicClient?: Client
  /** Smallest envelope bucket (128 · 2^i), to hide more of the calldata's length. */
  minBucket?: number
  /**
   * An encryption context read earlier (`getEncryptionContext`), to save its reads. After an
   * epoch rotation it stays usable for the grace period (D3.2); past it the MC refuses the
   * request (`EpochNotAccepted`) and a fresh context is needed.
   */
  context?: EncryptionContext
} & (readonly [] extends CallProgramArgs<abi, functionName>
  ? { args?: CallProgramArgs<abi, functionName> | undefined }
  : { args: CallProgramArgs<abi, functionName> })

export type CallProgramReturnType = {
  hash: Hash
  /** keccak of the envelope (P2 payloadHash). */
  requestId: Hex
}

export type CallProgramErrorType = RaceteeError | TypeError

export async function callProgram<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi>,
>(
  walletClient: WalletClientWithAccount,
  parameters: CallProgramParameters<abi, functionName>,
): Promise<CallProgramReturnType> {
  const { mc, program, gasLimit, secretStore } = parameters
  walletAccount(walletClient)
  if (!isAddress(program, { strict: false })) throw new TypeError('program must be an address')
  const reader = parameters.publicClient ?? walletClient
  const context = parameters.context ?? (await getEncryptionContext(reader, { mc }))
  if (!isAddressEqual(context.mc, mc)) throw new TypeError('context is for another MC')
  // SECRET from here: the calldata is the user's input.
  const body = hexToBytes(
    encodeFunctionData({
      abi: parameters.abi,
      functionName: parameters.functionName,
      args: parameters.args,
    } as never),
  )
  try {
    return await sendSealedRequest(walletClient, {
      reader,
      context,
      program,
      kind: requestKinds.call,
      body,
      gasLimit,
      secretStore,
      minBucket: parameters.minBucket,
      encodeCall: (envelope) =>
        encodeFunctionData({
          abi: managementContractAbi,
          functionName: 'request',
          args: [program, requestKinds.call, context.epoch, gasLimit, envelope],
        }),
    })
  } finally {
    body.fill(0)
  }
}

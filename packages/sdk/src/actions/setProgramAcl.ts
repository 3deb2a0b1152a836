/**
 * Changes a confidential program's access list and, optionally, its admin (D5 "Admin",
 * "Access"; P3 acl body): seals `abi(address[] acl, address newAdmin)` as an `acl` request to
 * the epoch's request key and sends `request(program, acl, epoch, gasLimit, envelope)` to the
 * MC. Only ciphertext goes on chain, so who may call the program stays private too.
 *
 * The enclave applies it only when the caller is the program's admin; anyone else gets the
 * sealed status `accessDenied` (an outcome, read with `waitForResult` like every result). An
 * empty `acl` makes the program public; `newAdmin` hands the admin right over, and the old
 * admin loses it from the next request on. The ACL is checked against the immediate caller at
 * every program boundary (D5), so to let a program call this one, list the program.
 */
import { encodeAclBody, managementContractAbi, type RaceteeError, requestKinds } from '@racetee/protocol'
import {
  type Address,
  type Client,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  isAddress,
  zeroAddress,
} from 'viem'
import type { SecretStore } from '../secretStore/SecretStore.js'
import { getEncryptionContext } from './getEncryptionContext.js'
import { sendSealedRequest, type WalletClientWithAccount, walletAccount } from './sendSealedRequest.js'

export type SetProgramAclParameters = {
  mc: Address
  program: Address
  /** The accounts and programs that may call the program; empty = public. Replaces the old list. */
  acl: readonly Address[]
  /** The program's next admin; omitted (or the zero address) keeps the current one. */
  newAdmin?: Address | undefined
  /**
   * Enclave gas of the request. An account admin's ACL change runs no code (D5), so 0, the
   * default, is enough; the fee is `requiredFee(gasLimit)`.
   */
  gasLimit?: bigint | undefined
  secretStore: SecretStore
  /** Client for reads; the wallet client when omitted. */
  publicClient?: Client | undefined
  /** Smallest envelope bucket (128 · 2^i), to hide more of the list's length. */
  minBucket?: number | undefined
}

export type SetProgramAclReturnType = {
  hash: Hash
  /** keccak of the envelope (P2 payloadHash). */
  requestId: Hex
}

export type SetProgramAclErrorType = RaceteeError | TypeError

export async function setProgramAcl(
  walletClient: WalletClientWithAccount,
  parameters: SetProgramAclParameters,
): Promise<SetProgramAclReturnType> {
  const { mc, program, secretStore, gasLimit = 0n } = parameters
  walletAccount(walletClient)
  if (!isAddress(program, { strict: false })) throw new TypeError('program must be an address')
  if (!Array.isArray(parameters.acl)) throw new TypeError('acl must be an array of addresses')
  for (const [i, entry] of parameters.acl.entries())
    if (!isAddress(entry, { strict: false })) throw new TypeError(`acl[${i}] must be an address`)
  const newAdmin = parameters.newAdmin ?? zeroAddress
  if (!isAddress(newAdmin, { strict: false })) throw new TypeError('newAdmin must be an address')
  if (typeof gasLimit !== 'bigint' || gasLimit < 0n || gasLimit >= 1n << 64n)
    throw new RangeError('gasLimit must be a uint64 bigint')

  const reader = parameters.publicClient ?? walletClient
  const context = await getEncryptionContext(reader, { mc })
  // SECRET from here: who may call a program is the admin's private policy.
  const body = encodeAclBody({
    acl: parameters.acl.map((a) => getAddress(a)),
    newAdmin: getAddress(newAdmin),
  })
  try {
    return await sendSealedRequest(walletClient, {
      reader,
      context,
      program,
      kind: requestKinds.acl,
      body,
      gasLimit,
      secretStore,
      minBucket: parameters.minBucket,
      encodeCall: (envelope) =>
        encodeFunctionData({
          abi: managementContractAbi,
          functionName: 'request',
          args: [program, requestKinds.acl, context.epoch, gasLimit, envelope],
        }),
    })
  } finally {
    body.fill(0)
  }
}

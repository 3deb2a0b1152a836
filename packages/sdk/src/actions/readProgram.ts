/**
 * Reads a confidential program without a transaction (D7 "Reads without a transaction", D8, P8):
 * no gas, no block, no nonce. The account signs EIP-712 `ReadQuery {account, program, data,
 * epoch, expiry}` in the deployment's domain; the signed query is sealed to the current epoch's
 * request key under the read label (`sealReadQuery`) and sent to a live, admitted executor from
 * the MC's registry (`readExecutors`). The answer is accepted only when signed by that
 * executor's enclave, sealed to this query, and no older than the caller's own last committed
 * request (`minSeq`, read from the chain by default: `lastCommittedSeq`). On any other failure
 * (unreachable, rate-limited, a bad or stale answer) the next executor is asked with the same
 * query; a refusal of the query itself (expired, wrong signer, state-changing, gas cap, wrong
 * binding) would be the same everywhere and is thrown at once.
 *
 * The answer comes from the state of the last commit (reads never see uncommitted requests),
 * with `msg.sender` = the account, as a public `eth_call` would run. Outcomes are data, as in
 * `waitForResult`: a revert is `status: 'reverted'` with its return data.
 *
 * Expiry is `expiresIn` seconds after the latest block's timestamp: the enclave compares it
 * with the proven header's time (D2.1), not with any local clock.
 *
 * Secrets: the query's answer key is wiped once the answer is opened; errors carry codes,
 * addresses and seqs only.
 */
import {
  errorCodes,
  isRaceteeError,
  RaceteeError,
  type ResultStatusName,
  raceteeDomain,
  readQueryTypes,
  resultStatus,
  sealReadQuery,
} from '@racetee/protocol'
import {
  type Abi,
  type AbiStateMutability,
  type Account,
  type Address,
  bytesToHex,
  type Chain,
  type Client,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddress,
  type Transport,
} from 'viem'
import { getBlock, signTypedData } from 'viem/actions'
import { askExecutor } from '../read/askExecutor.js'
import { lastCommittedSeq } from '../read/lastCommittedSeq.js'
import { type ReadExecutor, readExecutors } from '../read/readExecutors.js'
import { getEncryptionContext } from './getEncryptionContext.js'

export type ReadProgramParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = {
  mc: Address
  program: Address
  abi: abi
  functionName: functionName
  /** The signer and `msg.sender`: a local account, or an address the client's wallet signs for. Default `client.account`. */
  account?: Account | Address
  /** Seconds the query stays valid after the latest block's time. Default 60. */
  expiresIn?: number
  /** The oldest acceptable answer (`toSeq`). Default: the account's last committed request (`lastCommittedSeq`). */
  minSeq?: bigint
  /** Executors to ask, in order. Default: the live, admitted ones of the MC's registry (`readExecutors`). */
  executors?: readonly ReadExecutor[]
  /** Milliseconds each executor gets before the next is asked. Default 10 000. */
  timeout?: number
  fetch?: typeof globalThis.fetch
} & (readonly [] extends ContractFunctionArgs<abi, AbiStateMutability, functionName>
  ? { args?: ContractFunctionArgs<abi, AbiStateMutability, functionName> | undefined }
  : { args: ContractFunctionArgs<abi, AbiStateMutability, functionName> })

export type ReadProgramReturnType<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
> = {
  status: ResultStatusName
  /** The program's return (or revert) data: the caller's own plaintext. */
  returnData: Hex
  /** Present when the status is success. */
  decoded?: ContractFunctionReturnType<abi, AbiStateMutability, functionName>
  /** The commit whose state answered, and the last seq it covers. */
  commitId: Hex
  toSeq: bigint
  /** The enclave that answered and signed, and the proven block it read at. */
  enclave: Address
  blockNumber: bigint
}

export type ReadProgramErrorType = RaceteeError | TypeError

/** Refusals of the query itself: every executor would refuse it the same way. */
const queryRefusals = new Set<string>([
  errorCodes.ENCLAVE_READ_SIGNER_MISMATCH,
  errorCodes.ENCLAVE_READ_EXPIRED,
  errorCodes.ENCLAVE_READ_BINDING_MISMATCH,
  errorCodes.ENCLAVE_READ_STATE_CHANGING,
  errorCodes.ENCLAVE_READ_GAS_CAP,
  errorCodes.PROTOCOL_MALFORMED,
])

const statusNames = new Map<number, ResultStatusName>(
  Object.entries(resultStatus).map(([name, code]) => [code, name as ResultStatusName]),
)

export async function readProgram<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi>,
>(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: ReadProgramParameters<abi, functionName>,
): Promise<ReadProgramReturnType<abi, functionName>> {
  const { mc, program } = parameters
  if (!isAddress(program, { strict: false })) throw new TypeError('program must be an address')
  const account = parameters.account ?? client.account
  if (account === undefined)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'No account to sign the read.', {
      details: 'pass account, or use a client with an account',
    })
  const address = getAddress(typeof account === 'string' ? account : account.address)
  const expiresIn = parameters.expiresIn ?? 60
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1)
    throw new TypeError('expiresIn must be a positive integer')

  const context = await getEncryptionContext(client, { mc, cacheTime: 0 })
  const [executors, minSeq, latest] = await Promise.all([
    parameters.executors ?? readExecutors(client, { mc: context.mc }),
    parameters.minSeq ?? lastCommittedSeq(client, { mc: context.mc, account: address }),
    getBlock(client, { blockTag: 'latest' }),
  ])
  if (executors.length === 0)
    throw new RaceteeError(
      errorCodes.SDK_READ_UNAVAILABLE,
      'No live admitted executor has a read endpoint.',
      {
        details: `mc ${context.mc}`,
      },
    )

  const query = {
    account: address,
    program: getAddress(program),
    data: encodeFunctionData({
      abi: parameters.abi,
      functionName: parameters.functionName,
      args: parameters.args,
    } as Parameters<typeof encodeFunctionData>[0]),
    epoch: context.epoch,
    expiry: latest.timestamp + BigInt(expiresIn),
  }
  const signature = await signTypedData(client, {
    account,
    domain: raceteeDomain(context.chainId, context.mc),
    types: readQueryTypes,
    primaryType: 'ReadQuery',
    message: query,
  })
  const { envelope, answerKey } = await sealReadQuery({
    recipientPublicKey: context.requestPublicKey,
    chainId: context.chainId,
    mc: context.mc,
    body: { query, signature },
  })
  const failures: RaceteeError[] = []
  try {
    for (const executor of executors) {
      try {
        const answer = await askExecutor({
          executor,
          chainId: context.chainId,
          mc: context.mc,
          account: address,
          epoch: context.epoch,
          envelope,
          answerKey,
          minSeq,
          ...(parameters.timeout === undefined ? {} : { timeout: parameters.timeout }),
          ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
        })
        const status = statusNames.get(answer.status)!
        const returnData = bytesToHex(answer.returnData)
        const result: ReadProgramReturnType<abi, functionName> = {
          status,
          returnData,
          commitId: answer.commitId,
          toSeq: answer.toSeq,
          enclave: answer.enclave,
          blockNumber: answer.blockNumber,
        }
        if (status === 'success')
          result.decoded = decodeFunctionResult({
            abi: parameters.abi,
            functionName: parameters.functionName,
            data: returnData,
          } as never) as ContractFunctionReturnType<abi, AbiStateMutability, functionName>
        return result
      } catch (err) {
        if (!isRaceteeError(err)) throw err
        if (queryRefusals.has(err.code)) throw err
        failures.push(err) // D7: fail over to the next executor.
      }
    }
  } finally {
    answerKey.fill(0)
  }
  const codes = new Set(failures.map((f) => f.code))
  if (codes.size === 1) throw failures.at(-1)!
  throw new RaceteeError(errorCodes.SDK_READ_UNAVAILABLE, 'No executor gave a valid read answer.', {
    details: failures.map((f) => `${f.code}${f.details ? ` (${f.details})` : ''}`).join('; '),
  })
}

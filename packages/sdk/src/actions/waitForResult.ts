/**
 * Waits for a request's result and opens it (D8): reads `seq` from the receipt's `Request`
 * log, waits for the `Committed` event covering it (honouring `confirmations`), fetches the
 * commit's results bundle from the registered storage nodes (or `storageUrls`), checks its
 * hash, finds the request's entry and decrypts it with the secret persisted when it was sent.
 * A commit a challenge rolled back is passed over for the one that replaces it (decision 49).
 * Needs only the transaction hash and the secret store, so it works after a restart (D8: "a
 * crash between send and result loses nothing").
 *
 * Private events (D5, P4): the logs the request emitted come back in `logs` (raw, with
 * `logIndex`) and, decoded with `abi` and `eventAbis` as viem's `parseEventLogs` decodes a
 * receipt's logs, in `events` (`decodeResultLogs.ts`). They exist only inside the sealed result.
 *
 * Types (D8 "typed calls"): `decoded` is `ContractFunctionReturnType` of `abi` and
 * `functionName`; `events` is a union over the events of `abi` and every ABI in `eventAbis`.
 *
 * Outcomes are data (house style): a revert or out-of-gas is `status` in the return; use
 * `assertSuccess` to make it a fault. Secrets: the stored `resultBase` is read twice (to fail
 * early, then to open) and wiped after each use; errors carry hashes, seq and status names only.
 */
import { errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import {
  type Abi,
  type AbiStateMutability,
  type Address,
  type Client,
  type ContractFunctionName,
  type ContractFunctionReturnType,
  decodeFunctionResult,
  type Hash,
  type Hex,
  isAddressEqual,
  keccak256,
  type TransactionReceipt,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { getChainId, waitForTransactionReceipt } from 'viem/actions'
import { findRequestLog, type RequestLog } from '../chain/findRequestLog.js'
import { storageNodeUrls } from '../chain/storageNodeUrls.js'
import { commitRolledBack, waitForCommit } from '../chain/waitForCommit.js'
import { decodeResultLogs, type IndexedResultLog, type ResultEvent } from '../result/decodeResultLogs.js'
import { fetchResultsBundle } from '../result/fetchResultsBundle.js'
import { openBundleResult, type RequestStatus } from '../result/openBundleResult.js'
import {
  envelopeSecretKey,
  type SecretRecord,
  type SecretStore,
  txSecretKey,
} from '../secretStore/SecretStore.js'

/** ABIs of other programs whose events a request may emit (a token's `Transfer` in a swap). */
export type EventAbis = readonly (Abi | readonly unknown[])[]

export type WaitForResultParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
  eventAbis extends EventAbis = EventAbis,
> = {
  mc: Address
  /** The request's transaction hash. */
  hash: Hash
  secretStore: SecretStore
  /**
   * The program's ABI. With `functionName`: decode a successful call's return data into
   * `decoded`. Alone or not: decode the result's logs of its events into `events`.
   */
  abi?: abi
  functionName?: functionName
  /**
   * More ABIs to decode `events` with: those of the other programs the request may touch.
   * Logs decode by event signature, whoever emitted them (as viem's `parseEventLogs`).
   */
  eventAbis?: eventAbis
  /** Blocks the commit must have on top of it, itself included (viem's meaning). Default 1. */
  confirmations?: number
  /** Milliseconds between polls. Default `client.pollingInterval`. */
  pollingInterval?: number
  /** Milliseconds before SDK_TIMEOUT, receipt and commit together. Default 180 000 (viem's receipt default). */
  timeout?: number
  /** Storage node base URLs to use instead of the MC's registry. */
  storageUrls?: readonly string[]
  fetch?: typeof globalThis.fetch
}

export type WaitForResultReturnType<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
  eventAbis extends EventAbis = readonly [],
> = {
  seq: bigint
  /** The commit that covered the request (D3.3). */
  commitId: Hex
  program: Address
  status: RequestStatus
  gasUsed: bigint
  /** The program's return data (or revert data); the caller's own plaintext. */
  returnData: Hex
  /** Every log the request emitted, in order, with its position (empty unless success). */
  logs: IndexedResultLog[]
  /** The logs that decode with `abi` or `eventAbis`, as viem's `parseEventLogs` returns them. */
  events: ResultEvent<abi | eventAbis[number]>[]
  /** Present when `abi` and `functionName` were given and the status is success. */
  decoded?: ContractFunctionReturnType<abi, AbiStateMutability, functionName>
}

export type WaitForResultErrorType = RaceteeError

const DEFAULT_TIMEOUT = 180_000

export async function waitForResult<
  const abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi> = ContractFunctionName<abi>,
  const eventAbis extends EventAbis = readonly [],
>(
  client: Client,
  parameters: WaitForResultParameters<abi, functionName, eventAbis>,
): Promise<WaitForResultReturnType<abi, functionName, eventAbis>> {
  const { mc, hash, secretStore, confirmations = 1 } = parameters
  const pollingInterval = parameters.pollingInterval ?? client.pollingInterval
  const deadline = Date.now() + (parameters.timeout ?? DEFAULT_TIMEOUT)
  const chainId = BigInt(await getChainId(client))

  const receipt = await receiptOf(client, hash, pollingInterval, deadline)
  const request = findRequestLog(receipt, mc)
  const loadRecord = () => secretFor(secretStore, chainId, mc, hash, request)
  // Fail now, not after the commit, when this store cannot open the result.
  ;(await loadRecord()).resultBase.fill(0)

  const urls = parameters.storageUrls ?? (await storageNodeUrls(client, mc))
  const { commit, bundle } = await committedBundle(client, {
    mc,
    seq: request.seq,
    fromBlock: request.blockNumber,
    confirmations,
    pollingInterval,
    deadline,
    urls,
    ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
  })
  const record = await loadRecord()
  let opened: ReturnType<typeof openBundleResult>
  try {
    opened = openBundleResult({
      bundle,
      seq: request.seq,
      program: request.program,
      chainId,
      mc,
      resultBase: record.resultBase,
    })
  } finally {
    record.resultBase.fill(0)
  }
  const { logs, events } = decodeResultLogs<abi | eventAbis[number]>({
    logs: opened.logs,
    abis: [...(parameters.abi ? [parameters.abi] : []), ...(parameters.eventAbis ?? [])],
  })
  const result: WaitForResultReturnType<abi, functionName, eventAbis> = {
    seq: request.seq,
    commitId: commit.commitId,
    program: request.program,
    status: opened.status,
    gasUsed: opened.gasUsed,
    returnData: opened.returnData,
    logs,
    events,
  }
  if (parameters.abi && parameters.functionName && opened.status === 'success')
    result.decoded = decodeReturn(parameters.abi, parameters.functionName, opened.returnData)
  return result
}

/**
 * The standing commit covering `seq` and its results bundle. A bundle no node serves may belong
 * to a commit a challenge is about to undo (a faulty enclave's, decision 49): unless the commit
 * was rolled back, the fetch is retried until the deadline; once it was, the wait starts again
 * after it, for the commit that replaces it.
 */
async function committedBundle(
  client: Client,
  parameters: Parameters<typeof waitForCommit>[1] & {
    urls: readonly string[]
    fetch?: typeof globalThis.fetch
  },
) {
  const { urls, fetch, ...wait } = parameters
  let fromBlock = wait.fromBlock
  for (;;) {
    const commit = await waitForCommit(client, { ...wait, fromBlock })
    for (;;) {
      try {
        const bundle = await fetchResultsBundle({
          urls,
          resultsHash: commit.resultsHash,
          ...(fetch ? { fetch } : {}),
        })
        return { commit, bundle }
      } catch (err) {
        if (!isRaceteeError(err, errorCodes.SDK_RESULT_UNAVAILABLE)) throw err
        if (await commitRolledBack(client, { mc: wait.mc, commit })) break
        const left = wait.deadline - Date.now()
        if (left <= 0) throw err
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait.pollingInterval, left)))
      }
    }
    fromBlock = commit.blockNumber + 1n
  }
}

async function receiptOf(
  client: Client,
  hash: Hash,
  pollingInterval: number,
  deadline: number,
): Promise<TransactionReceipt> {
  try {
    return await waitForTransactionReceipt(client, {
      hash,
      pollingInterval,
      timeout: Math.max(deadline - Date.now(), 1),
    })
  } catch (err) {
    if (err instanceof WaitForTransactionReceiptTimeoutError)
      throw new RaceteeError(errorCodes.SDK_TIMEOUT, 'The request transaction was not mined in time.', {
        details: hash,
      })
    throw new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'Could not read the request transaction.', {
      details: hash,
      cause: err,
    })
  }
}

/** The stored record under the tx hash, or under the envelope hash (JSON-RPC accounts, sendSealedRequest.ts). */
async function secretFor(
  store: SecretStore,
  chainId: bigint,
  mc: Address,
  hash: Hash,
  request: RequestLog,
): Promise<SecretRecord> {
  const envelopeHash = keccak256(request.payload)
  const record =
    (await store.get(txSecretKey(chainId, hash))) ??
    (await store.get(envelopeSecretKey(chainId, envelopeHash)))
  if (!record)
    throw new RaceteeError(errorCodes.SDK_SECRET_NOT_FOUND, 'No secret is stored for the request.', {
      details: `chain ${chainId}, tx ${hash}`,
    })
  const matches =
    record.chainId === chainId &&
    isAddressEqual(record.mc, mc) &&
    isAddressEqual(record.program, request.program) &&
    isAddressEqual(record.caller, request.caller) &&
    record.kind === request.kind &&
    record.envelopeHash.toLowerCase() === envelopeHash
  if (!matches) {
    record.resultBase.fill(0)
    throw new RaceteeError(errorCodes.SDK_SECRET_NOT_FOUND, 'The stored secret is for another request.', {
      details: `chain ${chainId}, tx ${hash}, envelope ${envelopeHash}`,
    })
  }
  return record
}

/** viem's decoding errors quote the data, which is plaintext: none of it goes into ours. */
function decodeReturn<abi extends Abi | readonly unknown[], functionName extends ContractFunctionName<abi>>(
  abi: abi,
  functionName: functionName,
  data: Hex,
): ContractFunctionReturnType<abi, AbiStateMutability, functionName> {
  try {
    return decodeFunctionResult({ abi, functionName, data } as never) as ContractFunctionReturnType<
      abi,
      AbiStateMutability,
      functionName
    >
  } catch (err) {
    if (isRaceteeError(err)) throw err
    throw new RaceteeError(
      errorCodes.SDK_INVALID_PARAMETER,
      'Return data does not decode with the given ABI.',
      {
        details: `functionName ${String(functionName)}, ${(data.length - 2) / 2} bytes`,
      },
    )
  }
}

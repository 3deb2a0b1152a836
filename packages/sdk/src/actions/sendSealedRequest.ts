/**
 * The common path of every request the SDK sends (D8, P3): seal the body to the epoch's request
 * key, persist the result secret, then send the MC call carrying the envelope with the
 * required fee. Internal: `deployProgram` and `callProgram` are its public faces.
 *
 * D8 "before it sends, the SDK persists the request's exporter secret under (chainId, txHash)":
 * - a local account signs first, so the hash is known before anything leaves: persist under
 *   `${chainId}:${txHash}`, then broadcast the signed bytes;
 * - a JSON-RPC account signs and sends in one step, so the record is first persisted under the
 *   envelope hash, then the transaction is sent, then the record is added under the tx hash
 *   and the envelope key dropped. `waitForResult` also looks under the envelope hash (from the
 *   `Request` log's payload), so a crash between send and the second write loses nothing.
 * Secrets: `resultBase` is wiped here after it is persisted (the store keeps its own copy); the
 * body is the caller's to wipe.
 */
import {
  errorCodes,
  managementContractAbi,
  RaceteeError,
  type RequestKind,
  sealRequestEnvelope,
} from '@racetee/protocol'
import {
  type Account,
  type Address,
  bytesToHex,
  type Chain,
  type Client,
  type Hash,
  type Hex,
  keccak256,
  type Transport,
} from 'viem'
import {
  estimateGas,
  getChainId,
  prepareTransactionRequest,
  readContract,
  sendRawTransaction,
  sendTransaction,
  signTransaction,
} from 'viem/actions'
import {
  envelopeSecretKey,
  type SecretRecord,
  type SecretStore,
  txSecretKey,
} from '../secretStore/SecretStore.js'
import type { EncryptionContext } from './getEncryptionContext.js'

export type SendSealedRequestParameters = {
  /** Client for reads (the fee); the wallet client itself when none is given. */
  reader: Client
  context: EncryptionContext
  program: Address
  kind: RequestKind
  /** SECRET: the unpadded body (calldata, deploy or ACL body). */
  body: Uint8Array
  gasLimit: bigint
  secretStore: SecretStore
  /** The MC call that carries the envelope: `request(...)` or `createProgram(...)`. */
  encodeCall: (envelope: Hex) => Hex
  minBucket?: number | undefined
}

export type SendSealedRequestReturnType = {
  hash: Hash
  /** keccak of the envelope: the request's `payloadHash` in the accumulator (P2). */
  requestId: Hex
}

/**
 * Gas added to the node's estimate. The first request of a block also writes the ending block's
 * ring checkpoint (D3.2, RequestLog.sol `_closeBlock`: two fresh slots and the counter, about
 * 66k gas), which an estimate against the latest block cannot foresee when that block already
 * holds a request; whether another request precedes ours in its block is unknowable. Unused
 * gas is not charged.
 */
const CHECKPOINT_GAS_HEADROOM = 70_000n

export type WalletClientWithAccount = Client<Transport, Chain | undefined, Account>

/** SDK_INVALID_PARAMETER unless the client has an account: every request names its caller (P3 aad). */
export function walletAccount(client: Client<Transport, Chain | undefined, Account | undefined>): Account {
  if (!client.account)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'The wallet client has no account.', {
      details: 'walletClient.account is required: the envelope binds the caller',
    })
  return client.account
}

export async function sendSealedRequest(
  client: WalletClientWithAccount,
  parameters: SendSealedRequestParameters,
): Promise<SendSealedRequestReturnType> {
  const { reader, context, program, kind, body, gasLimit, secretStore, encodeCall } = parameters
  const { chainId, mc } = context
  const account = client.account
  // The envelope binds the reader's chain id (P3 info); a wallet on another chain would send a
  // request no enclave can open.
  const walletChainId = BigInt(await getChainId(client))
  if (walletChainId !== chainId)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'Wallet and reader are on different chains.', {
      details: `wallet chain ${walletChainId}, reader chain ${chainId}`,
    })

  const { envelope, resultBase } = await sealRequestEnvelope({
    recipientPublicKey: context.requestPublicKey,
    chainId,
    mc,
    epoch: context.epoch,
    program,
    caller: account.address,
    kind,
    body,
    ...(parameters.minBucket === undefined ? {} : { minBucket: parameters.minBucket }),
  })
  try {
    const requestId = keccak256(envelope)
    const record: SecretRecord = {
      resultBase,
      chainId,
      mc,
      program,
      kind,
      caller: account.address,
      envelopeHash: requestId,
    }
    const value = await readContract(reader, {
      address: mc,
      abi: managementContractAbi,
      functionName: 'requiredFee',
      args: [gasLimit],
    })
    const data = encodeCall(bytesToHex(envelope))
    const chain = client.chain ?? null
    const gas = (await estimateGas(client, { account, to: mc, data, value })) + CHECKPOINT_GAS_HEADROOM

    if (account.type === 'local') {
      // viem's sendTransaction hands the account's nonce manager to the preparation; so must
      // we, or concurrent requests from one account would draw the same nonce.
      // Nonce, persist and send run one at a time per account: with the secret store's fsync
      // between drawing a nonce and sending, a concurrent request could otherwise read the
      // node's pending count before the first one arrived and draw the same nonce (viem's
      // nonce manager cannot tell when that nonce is 0).
      return await oneAtATime(`${chainId}:${account.address}`, async () => {
        const prepared = await prepareTransactionRequest(client, {
          account,
          chain,
          to: mc,
          data,
          value,
          gas,
          nonceManager: account.nonceManager,
        })
        const serializedTransaction = await signTransaction(client, { ...prepared, chain } as never)
        const hash = keccak256(serializedTransaction)
        await secretStore.put(txSecretKey(chainId, hash), record)
        await sendRawTransaction(client, { serializedTransaction })
        return { hash, requestId }
      })
    }

    const pendingKey = envelopeSecretKey(chainId, requestId)
    await secretStore.put(pendingKey, record)
    const hash = await sendTransaction(client, { account, chain, to: mc, data, value, gas })
    await secretStore.put(txSecretKey(chainId, hash), record)
    await secretStore.delete(pendingKey)
    return { hash, requestId }
  } finally {
    resultBase.fill(0)
  }
}

const queues = new Map<string, Promise<unknown>>()

/** Runs `task` after every earlier task of the same key has settled. */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.catch(() => {}).then(task)
  queues.set(key, run)
  try {
    return await run
  } finally {
    if (queues.get(key) === run) queues.delete(key)
  }
}

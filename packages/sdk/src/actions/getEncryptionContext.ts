/**
 * Reads what a client needs to encrypt a request (D3.1 "Epochs", D4 "Requests"): the chain id,
 * and the MC's current epoch with its X25519 request public key.
 *
 * Why the chain id is read from the node on every call rather than taken from the client's
 * `chain`: it is bound into every envelope (P3 `info`), and a cache keyed by a configured id
 * could hand one chain's key to a request on another (house style: key caches by chain, do
 * better than sapphire's client). The cache holds one context per (chainId, MC), carrying its
 * epoch, for `cacheTime` ms; a rotation is seen at most `cacheTime` late, which the MC's grace
 * period G (D3.2) absorbs. Attestation of the key is checked by the MC at admission and
 * rotation (D3.1, D4); checking it again here is a later step.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { getChainId, readContract } from 'viem/actions'
import { getAddress, isAddress } from 'viem/utils'

export type GetEncryptionContextParameters = {
  /** The management contract. */
  mc: Address
  /** How long (ms) a context read earlier for the same chain and MC is reused. Default `client.cacheTime`. */
  cacheTime?: number
}

export type EncryptionContext = {
  chainId: bigint
  mc: Address
  /** The current epoch: the `epoch` argument of `request(...)`. */
  epoch: bigint
  /** The epoch's X25519 request public key (32 bytes), the HPKE recipient (P3). */
  requestPublicKey: Hex
  /** The block at which the epoch began. */
  rotationBlock: bigint
}

export type GetEncryptionContextReturnType = EncryptionContext

export type GetEncryptionContextErrorType = RaceteeError | TypeError

type CacheEntry = { context: EncryptionContext; fetchedAt: number }
const cache = new Map<string, CacheEntry>()
const ZERO_KEY = `0x${'00'.repeat(32)}`

export async function getEncryptionContext<chain extends Chain | undefined>(
  client: Client<Transport, chain>,
  parameters: GetEncryptionContextParameters,
): Promise<GetEncryptionContextReturnType> {
  const { cacheTime = client.cacheTime } = parameters
  if (!isAddress(parameters.mc, { strict: false })) throw new TypeError('mc must be an address')
  const mc = getAddress(parameters.mc)
  const chainId = BigInt(await getChainId(client))
  const key = `${chainId}:${mc}`
  const cached = cache.get(key)
  if (cached && Date.now() - cached.fetchedAt < cacheTime) return cached.context

  const info = await readContract(client, {
    address: mc,
    abi: managementContractAbi,
    functionName: 'epochInfo',
  })
  if (!info.started || info.requestPublicKey.toLowerCase() === ZERO_KEY)
    throw new RaceteeError(errorCodes.SDK_INVALID_PARAMETER, 'The management contract has no epoch yet.', {
      details: `mc ${mc} on chain ${chainId}: genesis not done`,
    })
  const context: EncryptionContext = {
    chainId,
    mc,
    epoch: info.epoch,
    requestPublicKey: info.requestPublicKey,
    rotationBlock: info.rotationBlock,
  }
  cache.set(key, { context, fetchedAt: Date.now() })
  return context
}

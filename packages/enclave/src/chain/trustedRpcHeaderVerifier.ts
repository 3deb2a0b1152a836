/**
 * The devnet and CI header verifier (D2.1): asks one JSON-RPC endpoint for a block and trusts
 * its answer. SIMULATION: whoever controls that endpoint controls what the enclave believes, so
 * its label says so wherever a header it vouched for appears; production replaces it with a
 * sync-committee light client behind the same `HeaderVerifier` interface.
 *
 * It talks to the endpoint itself (plain `fetch`), never through the host's relay, and accepts a
 * header only when the fields it returns hash to the block hash it returns and the number is the
 * one asked: so the `stateRoot` and `timestamp` the enclave uses are the ones the hash commits to.
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Hex, isHex, numberToHex } from 'viem'
import { type RpcBlockHeader, rpcBlockHeaderHash } from './rpcBlockHeader.js'
import type { HeaderVerifier, TrustedHeader } from './types.js'

export type TrustedRpcHeaderVerifierParameters = {
  rpcUrl: string
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch
}

export const TRUSTED_RPC_LABEL = 'trusted-rpc (SIMULATION: trusts its RPC endpoint)'

function rpcFailed(details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'Header RPC failed.', {
    details,
    ...(cause === undefined ? {} : { cause }),
  })
}

function headerInvalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_HEADER_INVALID, 'Block header does not verify.', { details })
}

function hash32(name: string, value: unknown): Hex {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length !== 66)
    throw headerInvalid(`${name} is not a 32-byte hex string`)
  return value.toLowerCase() as Hex
}

export function trustedRpcHeaderVerifier(parameters: TrustedRpcHeaderVerifierParameters): HeaderVerifier {
  const { rpcUrl } = parameters
  if (typeof rpcUrl !== 'string' || rpcUrl.length === 0) throw new TypeError('rpcUrl must be a URL')
  const doFetch = parameters.fetch ?? fetch
  const verifier = { label: TRUSTED_RPC_LABEL, simulated: true } as const
  let nextId = 1

  async function getBlock(blockNumber: bigint): Promise<RpcBlockHeader> {
    const id = nextId++
    let body: unknown
    try {
      const res = await doFetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'eth_getBlockByNumber',
          params: [numberToHex(blockNumber), false],
        }),
      })
      if (!res.ok) throw rpcFailed(`HTTP ${res.status} for block ${blockNumber}`)
      body = await res.json()
    } catch (err) {
      if (err instanceof RaceteeError) throw err
      throw rpcFailed(`eth_getBlockByNumber ${blockNumber}`, err)
    }
    const answer = body as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } }
    if (answer === null || typeof answer !== 'object' || answer.id !== id)
      throw rpcFailed(`unexpected answer to eth_getBlockByNumber ${blockNumber}`)
    if (answer.error)
      throw rpcFailed(`eth_getBlockByNumber ${blockNumber}: error ${String(answer.error.code)}`)
    if (answer.result === null || answer.result === undefined)
      throw rpcFailed(`block ${blockNumber} is not known to the endpoint`)
    if (typeof answer.result !== 'object') throw headerInvalid(`block ${blockNumber} is not an object`)
    return answer.result as RpcBlockHeader
  }

  return {
    ...verifier,
    async header(blockNumber: bigint): Promise<TrustedHeader> {
      if (typeof blockNumber !== 'bigint' || blockNumber < 0n)
        throw new RangeError('blockNumber must be a non-negative bigint')
      const block = await getBlock(blockNumber)
      const claimed = hash32('hash', block.hash)
      const computed = rpcBlockHeaderHash(block)
      if (computed !== claimed)
        throw headerInvalid(`block ${blockNumber}: fields hash to ${computed}, answer says ${claimed}`)
      // The fields are well-formed hex now (rpcBlockHeaderHash checked them).
      const number = BigInt(block.number as Hex)
      if (number !== blockNumber) throw headerInvalid(`asked for block ${blockNumber}, got ${number}`)
      return {
        number,
        hash: claimed,
        stateRoot: hash32('stateRoot', block.stateRoot),
        timestamp: BigInt(block.timestamp as Hex),
        verifier: { ...verifier },
      }
    },
  }
}

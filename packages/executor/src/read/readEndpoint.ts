/**
 * The executor's read endpoint (D7 "Reads without a transaction", P8): `POST /v1/read` with the
 * JSON body `{account, epoch, envelope}` (the declared account, the epoch the query is sealed
 * to as a decimal string, the query envelope as hex). The host checks only shapes and limits,
 * then hands the query to its enclave at its current head (less the confirmation depth); the
 * enclave proves that header and checks everything else. The answer is the enclave's:
 * `{enclave, sealed, signature, commitId, toSeq, blockNumber}` (bigints as decimal strings).
 *
 * Refusals are JSON `{code, message, details?}` with a stable code: 429 for the rate limit
 * (per declared account, `SignerRateLimiter`) and for too many reads in flight, 400 for a
 * malformed body or a query the enclave refused, 503 when the enclave or the chain failed.
 * The host sees ciphertext only; it logs codes and durations, never the envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem'
import type { ReadCallParams, ReadCallResult } from '../enclave/enclaveProcessApi.js'
import type { SignerRateLimiter } from './SignerRateLimiter.js'

export const READ_PATH = '/v1/read'
/** The largest body accepted: a 128 KiB query envelope as hex, and the JSON around it. */
export const MAX_READ_BODY_BYTES = 300 * 1024

/** A route of the executor's HTTP server: true when it took the request. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean

export type ReadEndpointParameters = {
  enclave: { read(call: ReadCallParams): Promise<ReadCallResult> }
  /** The enclave's address, returned with each answer so the client knows whose signature to expect. */
  enclaveAddress: Address
  /** The block the read runs at: the host's head less its confirmation depth. */
  atBlock(): Promise<bigint>
  limiter: SignerRateLimiter
  /** Most reads in flight (waiting for or in the enclave) at once; default 32. */
  maxInFlight?: number
  logger: Logger
}

type ReadRequestBody = { account: Address; epoch: bigint; envelope: Hex }

const enclaveRefusals = new Set<string>([
  errorCodes.PROTOCOL_MALFORMED,
  errorCodes.PROTOCOL_UNSUPPORTED_VERSION,
  errorCodes.ENCLAVE_READ_SIGNER_MISMATCH,
  errorCodes.ENCLAVE_READ_EXPIRED,
  errorCodes.ENCLAVE_READ_BINDING_MISMATCH,
  errorCodes.ENCLAVE_READ_STATE_CHANGING,
  errorCodes.ENCLAVE_READ_GAS_CAP,
])

export function readEndpoint(parameters: ReadEndpointParameters): HttpRoute {
  const { enclave, enclaveAddress, limiter, logger } = parameters
  const maxInFlight = parameters.maxInFlight ?? 32
  let inFlight = 0
  return (req, res) => {
    if (req.url !== READ_PATH) return false
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end()
      return true
    }
    void (async () => {
      const started = performance.now()
      let counted = false
      try {
        const body = parseBody(await readBody(req))
        if (inFlight >= maxInFlight)
          throw new RaceteeError(errorCodes.EXECUTOR_READ_RATE_LIMITED, 'Too many reads in flight.', {
            details: `limit ${maxInFlight}`,
          })
        if (!limiter.take(body.account))
          throw new RaceteeError(
            errorCodes.EXECUTOR_READ_RATE_LIMITED,
            'Read rate limit reached for this account.',
          )
        inFlight++
        counted = true
        const atBlock = await parameters.atBlock().catch((cause: unknown) => {
          throw new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'The head block could not be read.', { cause })
        })
        const answer = await enclave.read({ atBlock, ...body })
        send(res, 200, {
          enclave: enclaveAddress,
          sealed: answer.sealed,
          signature: answer.signature,
          commitId: answer.commitId,
          toSeq: answer.toSeq.toString(),
          blockNumber: answer.blockNumber.toString(),
        })
        logger.debug({ ms: Math.round(performance.now() - started) }, 'read answered')
      } catch (err) {
        const error = isRaceteeError(err)
          ? err
          : new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'Read failed.', { details: 'unexpected error' })
        const status =
          error.code === errorCodes.EXECUTOR_READ_RATE_LIMITED
            ? 429
            : enclaveRefusals.has(error.code)
              ? 400
              : 503
        send(res, status, {
          code: error.code,
          message: error.shortMessage,
          ...(error.details === undefined ? {} : { details: error.details }),
        })
        logger.info({ code: error.code, ms: Math.round(performance.now() - started) }, 'read refused')
      } finally {
        if (counted) inFlight--
      }
    })()
    return true
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
}

function malformed(details: string): RaceteeError {
  return new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Malformed read request.', { details })
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_READ_BODY_BYTES) {
      req.destroy()
      throw malformed(`body over ${MAX_READ_BODY_BYTES} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseBody(text: string): ReadRequestBody {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw malformed('body is not JSON')
  }
  const v = value as Partial<Record<keyof ReadRequestBody, unknown>> | null
  if (typeof v !== 'object' || v === null) throw malformed('body is not an object')
  if (typeof v.account !== 'string' || !isAddress(v.account, { strict: false }))
    throw malformed('account is not an address')
  if (typeof v.epoch !== 'string' || !/^\d{1,20}$/.test(v.epoch) || BigInt(v.epoch) >= 2n ** 64n)
    throw malformed('epoch is not a uint64 decimal string')
  if (typeof v.envelope !== 'string' || !isHex(v.envelope, { strict: true }) || v.envelope.length % 2 !== 0)
    throw malformed('envelope is not even-length hex')
  return { account: getAddress(v.account), epoch: BigInt(v.epoch), envelope: v.envelope }
}

/**
 * Sends one sealed read query to one executor and checks its answer (D7, P8): the answer must
 * name the enclave the registry gave, carry that enclave's signature over EIP-712 `ReadAnswer`
 * (the hashes of our query envelope and of the sealed answer, the commit and its toSeq), open
 * under the query's answer key with the same `(commitId, toSeq)` inside, and be no older than
 * `minSeq` (the caller's own last committed request) else SDK_READ_STALE. A refusal keeps the
 * executor's code (ENCLAVE_READ_EXPIRED...) when it is one of ours.
 *
 * Secrets: `answerKey` is the caller's (not wiped here); the opened answer is the caller's own
 * plaintext and never enters an error.
 */
import {
  type ErrorCode,
  errorCodes,
  isRaceteeError,
  openReadAnswer,
  RaceteeError,
  type ReadAnswerV1,
  raceteeDomain,
  readAnswerSigningHash,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  type Hex,
  hexToBytes,
  isAddressEqual,
  isHex,
  keccak256,
  recoverAddress,
} from 'viem'
import type { ReadExecutor } from './readExecutors.js'

export const READ_PATH = '/v1/read'

export type AskExecutorParameters = {
  executor: ReadExecutor
  chainId: bigint
  mc: Address
  /** The declared account (the query's signer). */
  account: Address
  epoch: bigint
  envelope: Uint8Array
  /** SECRET: the query's answer key (the caller wipes it). */
  answerKey: Uint8Array
  /** The oldest acceptable `toSeq`. */
  minSeq: bigint
  /** Milliseconds before the executor counts as unavailable. Default 10 000. */
  timeout?: number
  fetch?: typeof globalThis.fetch
}

export type AskExecutorReturnType = ReadAnswerV1 & { enclave: Address; blockNumber: bigint }

const knownCodes = new Set<string>(Object.values(errorCodes))

export async function askExecutor(parameters: AskExecutorParameters): Promise<AskExecutorReturnType> {
  const { executor, chainId, mc, account, epoch, envelope, answerKey, minSeq } = parameters
  const doFetch = parameters.fetch ?? globalThis.fetch
  const url = `${executor.endpoint.replace(/\/+$/, '')}${READ_PATH}`
  let res: Response
  let body: unknown
  try {
    res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account, epoch: epoch.toString(), envelope: bytesToHex(envelope) }),
      signal: AbortSignal.timeout(parameters.timeout ?? 10_000),
    })
    body = await res.json()
  } catch (cause) {
    throw new RaceteeError(errorCodes.SDK_READ_UNAVAILABLE, 'The executor did not answer.', {
      details: `enclave ${executor.enclave} at ${executor.endpoint}`,
      cause,
    })
  }
  if (res.status !== 200) throw refusal(executor, res.status, body)

  const answer = parseAnswer(executor, body)
  if (!isAddressEqual(answer.enclave, executor.enclave))
    throw invalid(executor, `answered as ${answer.enclave}`)
  const sealed = hexToBytes(answer.sealed)
  const signer = await recoverAddress({
    hash: readAnswerSigningHash(raceteeDomain(chainId, mc), {
      queryHash: keccak256(envelope),
      answerHash: keccak256(sealed),
      commitId: answer.commitId,
      toSeq: answer.toSeq,
    }),
    signature: answer.signature,
  }).catch(() => null)
  if (signer === null || !isAddressEqual(signer, executor.enclave))
    throw invalid(executor, 'signature is not the enclave’s')
  let opened: ReadAnswerV1
  try {
    opened = openReadAnswer({ answerKey, queryEnvelope: envelope, sealed })
  } catch (err) {
    if (isRaceteeError(err)) throw invalid(executor, `answer does not open (${err.code})`)
    throw err
  }
  if (opened.commitId.toLowerCase() !== answer.commitId.toLowerCase() || opened.toSeq !== answer.toSeq)
    throw invalid(executor, 'sealed commit differs from the signed one')
  if (opened.toSeq < minSeq)
    throw new RaceteeError(
      errorCodes.SDK_READ_STALE,
      'The read answer is older than your last committed request.',
      {
        details: `enclave ${executor.enclave}: toSeq ${opened.toSeq} < ${minSeq}`,
      },
    )
  return { ...opened, enclave: executor.enclave, blockNumber: answer.blockNumber }
}

type WireAnswer = {
  enclave: Address
  sealed: Hex
  signature: Hex
  commitId: Hex
  toSeq: bigint
  blockNumber: bigint
}

function parseAnswer(executor: ReadExecutor, body: unknown): WireAnswer {
  const b = body as Record<string, unknown> | null
  const hex = (v: unknown): v is Hex =>
    typeof v === 'string' && isHex(v, { strict: true }) && v.length % 2 === 0
  const uint = (v: unknown): v is string => typeof v === 'string' && /^\d{1,20}$/.test(v)
  if (
    typeof b !== 'object' ||
    b === null ||
    !hex(b.enclave) ||
    b.enclave.length !== 42 ||
    !hex(b.sealed) ||
    !hex(b.signature) ||
    !hex(b.commitId) ||
    b.commitId.length !== 66 ||
    !uint(b.toSeq) ||
    !uint(b.blockNumber)
  )
    throw invalid(executor, 'malformed answer')
  return {
    enclave: b.enclave,
    sealed: b.sealed,
    signature: b.signature,
    commitId: b.commitId,
    toSeq: BigInt(b.toSeq),
    blockNumber: BigInt(b.blockNumber),
  }
}

function invalid(executor: ReadExecutor, details: string): RaceteeError {
  return new RaceteeError(errorCodes.SDK_READ_ANSWER_INVALID, 'The executor’s read answer is not valid.', {
    details: `enclave ${executor.enclave}: ${details}`,
  })
}

/** The executor's refusal, with its code when it is one of ours (its text is public by invariant). */
function refusal(executor: ReadExecutor, status: number, body: unknown): RaceteeError {
  const b = body as { code?: unknown; message?: unknown; details?: unknown } | null
  const code = typeof b?.code === 'string' && knownCodes.has(b.code) ? (b.code as ErrorCode) : null
  const message = typeof b?.message === 'string' ? b.message.slice(0, 200) : 'The executor refused the read.'
  const details = `enclave ${executor.enclave}: HTTP ${status}${typeof b?.details === 'string' ? `, ${b.details.slice(0, 300)}` : ''}`
  return code
    ? new RaceteeError(code, message, { details })
    : new RaceteeError(errorCodes.SDK_READ_UNAVAILABLE, 'The executor refused the read.', { details })
}

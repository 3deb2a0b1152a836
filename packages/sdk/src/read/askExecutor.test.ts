import { gcmsiv } from '@noble/ciphers/aes.js'
import {
  encodeReadAnswerV1,
  errorCodes,
  isRaceteeError,
  padToBucket,
  READ_ANSWER_NONCE,
  raceteeDomain,
  readAnswerAad,
  readAnswerSigningHash,
} from '@racetee/protocol'
import { bytesToHex, getAddress, type Hex, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { type AskExecutorParameters, askExecutor } from './askExecutor.js'

const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const enclaveKey = privateKeyToAccount(generatePrivateKey())
const impostor = privateKeyToAccount(generatePrivateKey())
const account = privateKeyToAccount(generatePrivateKey()).address
const envelope = Uint8Array.from({ length: 177 }, (_, i) => i)
const answerKey = new Uint8Array(32).fill(9)
const commitId: Hex = `0x${'ab'.repeat(32)}`

/** An executor's HTTP answer as the enclave would make it, signed by `signer`. */
async function answerBody(
  options: { toSeq?: bigint; signer?: typeof enclaveKey; signedToSeq?: bigint } = {},
) {
  const toSeq = options.toSeq ?? 5n
  const padded = padToBucket(
    encodeReadAnswerV1({ status: 0, returnData: Uint8Array.of(1, 2, 3), commitId, toSeq }),
    128,
    Number.POSITIVE_INFINITY,
  )
  const sealed = gcmsiv(answerKey, READ_ANSWER_NONCE.slice(), readAnswerAad(envelope)).encrypt(padded)
  const signedToSeq = options.signedToSeq ?? toSeq
  const signature = await (options.signer ?? enclaveKey).sign({
    hash: readAnswerSigningHash(raceteeDomain(chainId, mc), {
      queryHash: keccak256(envelope),
      answerHash: keccak256(sealed),
      commitId,
      toSeq: signedToSeq,
    }),
  })
  return {
    enclave: enclaveKey.address,
    sealed: bytesToHex(sealed),
    signature,
    commitId,
    toSeq: signedToSeq.toString(),
    blockNumber: '77',
  }
}

function fetchReturning(status: number, body: unknown): typeof globalThis.fetch {
  return (async () => new Response(JSON.stringify(body), { status })) as typeof globalThis.fetch
}

function parameters(fetch: typeof globalThis.fetch, minSeq = 0n): AskExecutorParameters {
  return {
    executor: { enclave: enclaveKey.address, endpoint: 'http://executor.test/' },
    chainId,
    mc,
    account,
    epoch: 0n,
    envelope,
    answerKey,
    minSeq,
    fetch,
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (isRaceteeError(err)) return err.code
    throw err
  }
  return 'answered'
}

describe('askExecutor', () => {
  test('posts the query and returns the opened answer signed by the registered enclave', async () => {
    let sent: { url: string; body: unknown } | undefined
    const body = await answerBody()
    const fetch = (async (url: string, init: RequestInit) => {
      sent = { url, body: JSON.parse(init.body as string) }
      return new Response(JSON.stringify(body), { status: 200 })
    }) as typeof globalThis.fetch
    const answer = await askExecutor(parameters(fetch))
    expect(sent).toEqual({
      url: 'http://executor.test/v1/read',
      body: { account, epoch: '0', envelope: bytesToHex(envelope) },
    })
    expect(answer).toEqual({
      status: 0,
      returnData: Uint8Array.of(1, 2, 3),
      commitId,
      toSeq: 5n,
      enclave: enclaveKey.address,
      blockNumber: 77n,
    })
  })

  test('behavior: an executor refusal keeps its code', async () => {
    const fetch = fetchReturning(400, {
      code: errorCodes.ENCLAVE_READ_EXPIRED,
      message: 'The read query has expired.',
    })
    expect(await codeOf(askExecutor(parameters(fetch)))).toBe(errorCodes.ENCLAVE_READ_EXPIRED)
    const unknown = fetchReturning(500, { code: 'SOMETHING_ELSE' })
    expect(await codeOf(askExecutor(parameters(unknown)))).toBe(errorCodes.SDK_READ_UNAVAILABLE)
  })

  test('error: an answer older than minSeq (SDK_READ_STALE)', async () => {
    expect(await codeOf(askExecutor(parameters(fetchReturning(200, await answerBody()), 6n)))).toBe(
      errorCodes.SDK_READ_STALE,
    )
  })

  test('error: an answer signed by another key, or whose signed toSeq differs (SDK_READ_ANSWER_INVALID)', async () => {
    const forged = await answerBody({ signer: impostor })
    expect(await codeOf(askExecutor(parameters(fetchReturning(200, forged))))).toBe(
      errorCodes.SDK_READ_ANSWER_INVALID,
    )
    const lied = await answerBody({ toSeq: 5n, signedToSeq: 9n })
    expect(await codeOf(askExecutor(parameters(fetchReturning(200, lied))))).toBe(
      errorCodes.SDK_READ_ANSWER_INVALID,
    )
    expect(await codeOf(askExecutor(parameters(fetchReturning(200, { enclave: 'x' }))))).toBe(
      errorCodes.SDK_READ_ANSWER_INVALID,
    )
  })

  test('error: an unreachable executor (SDK_READ_UNAVAILABLE)', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof globalThis.fetch
    expect(await codeOf(askExecutor(parameters(fetch)))).toBe(errorCodes.SDK_READ_UNAVAILABLE)
  })
})

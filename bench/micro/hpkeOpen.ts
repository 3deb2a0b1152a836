/**
 * Micro-benchmark (issue 7, first lever): request envelopes opened per second on one core, by
 * `@hpke/core` (the opener the enclave used before, WebCrypto underneath) and by the enclave's
 * opener on `nodeHpke` (node:crypto; D4). Both do the whole P3/P4 work per envelope: SetupBaseR,
 * export `resultBase`, AEAD open. Envelopes are 177-byte confidential ERC20 transfers sealed
 * beforehand by the SDK's `sealRequestEnvelope` (the client's work, not timed). A warm-up pass
 * of each opener runs first; every timed open must give the sealed body and the sender's
 * `resultBase`, so a broken opener cannot report a fast figure.
 *
 * Each opener runs ROUNDS timed rounds over the same envelopes, alternating, and the median is
 * printed. Run: `npx tsx bench/micro/hpkeOpen.ts [count]` (default 2000). Not part of `npm test`.
 */
import { DhkemX25519HkdfSha256 } from '@hpke/core'
import {
  errorCodes,
  hpkeSuite,
  parseRequestEnvelope,
  RaceteeError,
  requestAad,
  requestInfo,
  requestKinds,
  sealRequestEnvelope,
  unpad,
} from '@racetee/protocol'
import { getAddress } from 'viem'
import {
  createRequestEnvelopeOpener,
  RESULT_BASE_LENGTH,
  RESULT_EXPORTER_CONTEXT,
} from '../../packages/enclave/src/crypto/hpkeOpen.js'

const TRANSFER_ENVELOPE_LENGTH = 177
/** ERC20 `transfer(address,uint256)` calldata: 4 + 32 + 32 bytes, the smallest bucket. */
const TRANSFER_BODY_LENGTH = 68
const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const program = getAddress('0x00000000000000000000000000000000c0de0001')
const caller = getAddress('0x00000000000000000000000000000000000a11ce')
const epoch = 1n
/** Timed rounds per opener, alternating. */
const ROUNDS = 5

type Envelope = { enc: Uint8Array; ciphertext: Uint8Array; body: Uint8Array; resultBase: Uint8Array }
type Opened = { plaintext: Uint8Array; resultBase: Uint8Array } | undefined
type Open = (envelope: Envelope) => Promise<Opened>

async function sealEnvelopes(publicKey: Uint8Array, count: number): Promise<Envelope[]> {
  const out: Envelope[] = []
  for (let i = 0; i < count; i++) {
    const body = new Uint8Array(TRANSFER_BODY_LENGTH)
    new DataView(body.buffer).setUint32(TRANSFER_BODY_LENGTH - 4, i)
    const sent = await sealRequestEnvelope({
      recipientPublicKey: publicKey,
      chainId,
      mc,
      epoch,
      program,
      caller,
      kind: requestKinds.call,
      body,
    })
    if (sent.envelope.length !== TRANSFER_ENVELOPE_LENGTH)
      throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Unexpected envelope length.', {
        details: `${sent.envelope.length} bytes`,
      })
    const { enc, ciphertext } = parseRequestEnvelope(sent.envelope)
    out.push({ enc, ciphertext, body, resultBase: sent.resultBase })
  }
  return out
}

/** The opener the enclave used before issue 7: @hpke/core, key imported once. */
async function hpkeCoreOpener(secretKey: Uint8Array): Promise<Open> {
  const suite = hpkeSuite()
  const kem = new DhkemX25519HkdfSha256()
  const recipientKey = await kem.deserializePrivateKey(secretKey)
  const info = requestInfo(chainId, mc, epoch)
  const aad = requestAad(program, caller, requestKinds.call)
  return async ({ enc, ciphertext }) => {
    const context = await suite.createRecipientContext({ recipientKey, enc, info })
    const resultBase = new Uint8Array(await context.export(RESULT_EXPORTER_CONTEXT, RESULT_BASE_LENGTH))
    try {
      return { plaintext: new Uint8Array(await context.open(ciphertext, aad)), resultBase }
    } catch {
      return undefined
    }
  }
}

async function nodeHpkeOpener(secretKey: Uint8Array): Promise<Open> {
  const opener = await createRequestEnvelopeOpener({ recipientSecretKey: secretKey })
  const info = requestInfo(chainId, mc, epoch)
  const aad = requestAad(program, caller, requestKinds.call)
  return async ({ enc, ciphertext }) => {
    const out = await opener.open({ enc, ciphertext, info, aad })
    return out.kind === 'opened' ? out : undefined
  }
}

function check(envelope: Envelope, opened: Opened, name: string): void {
  const ok =
    opened !== undefined &&
    equal(unpad(opened.plaintext), envelope.body) &&
    equal(opened.resultBase, envelope.resultBase)
  if (!ok)
    throw new RaceteeError(errorCodes.ENCLAVE_CRYPTO_FAILED, 'An envelope did not open to its body.', {
      details: name,
    })
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Opens every envelope in order, checks each, and returns opens per second. */
async function timeOnce(name: string, open: Open, envelopes: Envelope[]): Promise<number> {
  const start = performance.now()
  for (const e of envelopes) check(e, await open(e), name)
  return envelopes.length / ((performance.now() - start) / 1000)
}

function spread(values: number[]): string {
  return `(rounds ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000)
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer, got ${count}`)
  // The epoch's request key pair, drawn by @hpke/core (the reference, not the code measured).
  const kem = new DhkemX25519HkdfSha256()
  const pair = await kem.generateKeyPair()
  const secretKey = new Uint8Array(await kem.serializePrivateKey(pair.privateKey))
  const publicKey = new Uint8Array(await kem.serializePublicKey(pair.publicKey))
  process.stdout.write(`sealing ${count} + ${Math.ceil(count / 10)} transfer envelopes (177 bytes)…\n`)
  const envelopes = await sealEnvelopes(publicKey, count)
  const warmup = await sealEnvelopes(publicKey, Math.ceil(count / 10))

  const openers = {
    '@hpke/core': await hpkeCoreOpener(secretKey),
    nodeHpke: await nodeHpkeOpener(secretKey),
  }
  const rates: Record<keyof typeof openers, number[]> = { '@hpke/core': [], nodeHpke: [] }
  for (const [name, open] of Object.entries(openers)) await timeOnce(name, open, warmup)
  // Rounds alternate between the two openers, so a burst of load on a shared machine hits both;
  // the median of the rounds is reported, with the spread beside it.
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, open] of Object.entries(openers) as [keyof typeof openers, Open][])
      rates[name].push(await timeOnce(name, open, envelopes))
  const core = median(rates['@hpke/core'])
  const node = median(rates.nodeHpke)
  secretKey.fill(0)
  process.stdout.write(
    [
      `hpkeOpen micro-benchmark, median of ${ROUNDS} rounds of ${count} envelopes of ${TRANSFER_ENVELOPE_LENGTH} bytes, one core, Node ${process.version}`,
      `  @hpke/core  ${core.toFixed(0).padStart(7)} opens/s  ${spread(rates['@hpke/core'])}`,
      `  nodeHpke    ${node.toFixed(0).padStart(7)} opens/s  ${spread(rates.nodeHpke)}  (${(node / core).toFixed(1)}x)`,
      '',
    ].join('\n'),
  )
}

await main()

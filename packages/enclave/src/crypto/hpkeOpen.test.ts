import { x25519 } from '@noble/curves/ed25519.js'
import {
  encodeResultV1,
  hpkeSuite,
  isRaceteeError,
  openResult,
  padToBucket,
  parseRequestEnvelope,
  requestAad,
  requestInfo,
  requestKinds,
  resultStatus,
  sealRequestEnvelope,
  unpad,
} from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import {
  createRequestEnvelopeOpener,
  openFromSender,
  openRequestEnvelope,
  RESULT_EXPORTER_CONTEXT,
  sealToRecipient,
} from './hpkeOpen.js'
import { sealResult } from './resultSealer.js'
import { smallOrderPoints } from './smallOrderPoints.js'

const text = (s: string) => new TextEncoder().encode(s)
const info = text('racetee/v1/request test-info')
const aad = text('program|caller|1')

/** A client as the SDK builds it: @hpke/core's sender context, exporter read before sending. */
async function clientSeal(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  infoBytes = info,
  aadBytes = aad,
) {
  const suite = hpkeSuite()
  const pk = await suite.kem.importKey('raw', new Uint8Array(recipientPublicKey).buffer, true)
  const sender = await suite.createSenderContext({ recipientPublicKey: pk, info: infoBytes })
  const resultBase = new Uint8Array(await sender.export(RESULT_EXPORTER_CONTEXT, 32))
  const ciphertext = new Uint8Array(await sender.seal(plaintext, aadBytes))
  return { enc: new Uint8Array(sender.enc), ciphertext, resultBase }
}

function keyPair() {
  const secretKey = x25519.utils.randomSecretKey()
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) }
}

describe('openRequestEnvelope', () => {
  it('opens what an @hpke/core sender sealed and agrees on resultBase', async () => {
    const { secretKey, publicKey } = keyPair()
    const body = text('padded body bytes')
    const sent = await clientSeal(publicKey, body)
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      recipientPublicKey: publicKey,
      enc: sent.enc,
      ciphertext: sent.ciphertext,
      info,
      aad,
    })
    expect(out.kind).toBe('opened')
    if (out.kind !== 'opened') return
    expect(out.plaintext).toEqual(body)
    expect(out.resultBase).toEqual(sent.resultBase)
  })

  it('behavior: an opener derives the public key and opens many envelopes', async () => {
    const { secretKey, publicKey } = keyPair()
    const opener = await createRequestEnvelopeOpener({ recipientSecretKey: secretKey })
    expect(opener.publicKey).toEqual(publicKey)
    for (const n of [0, 1, 128]) {
      const body = new Uint8Array(n).fill(n & 0xff)
      const sent = await clientSeal(publicKey, body)
      const out = await opener.open({ enc: sent.enc, ciphertext: sent.ciphertext, info, aad })
      expect(out).toEqual({ kind: 'opened', plaintext: body, resultBase: sent.resultBase })
    }
  })

  it('behavior: a flipped ciphertext bit gives decryptFailed with the sender resultBase', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const ciphertext = sent.ciphertext.slice()
    ciphertext[0]! ^= 1
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc: sent.enc,
      ciphertext,
      info,
      aad,
    })
    expect(out).toEqual({ kind: 'decryptFailed', resultBase: sent.resultBase })
  })

  it('behavior: another aad (caller, program, kind) gives decryptFailed with the sender resultBase', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc: sent.enc,
      ciphertext: sent.ciphertext,
      info,
      aad: text('program|other-caller|1'),
    })
    expect(out).toEqual({ kind: 'decryptFailed', resultBase: sent.resultBase })
  })

  it('behavior: another info (chain, MC, epoch) gives decryptFailed with a different resultBase', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc: sent.enc,
      ciphertext: sent.ciphertext,
      info: text('racetee/v1/request other-chain'),
      aad,
    })
    expect(out.kind).toBe('decryptFailed')
    if (out.kind !== 'decryptFailed') return
    // The key schedule binds info, so the maker of the envelope cannot read this result either
    // unless they meant this info: the result key differs from the one the sender holds.
    expect(out.resultBase).not.toEqual(sent.resultBase)
  })

  it('behavior: a truncated ciphertext (shorter than the tag) gives decryptFailed', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc: sent.enc,
      ciphertext: sent.ciphertext.subarray(0, 5),
      info,
      aad,
    })
    expect(out).toEqual({ kind: 'decryptFailed', resultBase: sent.resultBase })
  })

  it('behavior: a garbage enc (low-order point, wrong length) gives envelopeInvalid', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const one = new Uint8Array(32)
    one[0] = 1
    for (const enc of [new Uint8Array(32), one, new Uint8Array(31), new Uint8Array(33), new Uint8Array(0)]) {
      const out = await openRequestEnvelope({
        recipientSecretKey: secretKey,
        enc,
        ciphertext: sent.ciphertext,
        info,
        aad,
      })
      expect(out).toEqual({ kind: 'envelopeInvalid' })
    }
  })

  it('behavior: every small-order enc (RFC 7748 list, with and without bit 255) gives envelopeInvalid', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await clientSeal(publicKey, text('body'))
    const opener = await createRequestEnvelopeOpener({ recipientSecretKey: secretKey })
    for (const enc of smallOrderPoints()) {
      const out = await opener.open({ enc, ciphertext: sent.ciphertext, info, aad })
      expect(out).toEqual({ kind: 'envelopeInvalid' })
    }
  })

  it('error: a recipient secret key of the wrong length is a RangeError naming it', async () => {
    await expect(
      openRequestEnvelope({
        recipientSecretKey: new Uint8Array(31),
        enc: new Uint8Array(32),
        ciphertext: new Uint8Array(16),
        info,
        aad,
      }),
    ).rejects.toThrow(/recipientSecretKey/)
  })

  it('error: a recipient public key that does not match the secret is a RangeError', async () => {
    const { secretKey } = keyPair()
    await expect(
      createRequestEnvelopeOpener({ recipientSecretKey: secretKey, recipientPublicKey: keyPair().publicKey }),
    ).rejects.toThrow(/recipientPublicKey/)
  })

  it('error: a non-bytes aad is a TypeError naming it', async () => {
    const { secretKey } = keyPair()
    await expect(
      openRequestEnvelope({
        recipientSecretKey: secretKey,
        enc: new Uint8Array(32),
        ciphertext: new Uint8Array(16),
        info,
        aad: 'x' as unknown as Uint8Array,
      }),
    ).rejects.toThrow(TypeError)
  })
})

describe('sealToRecipient / openFromSender', () => {
  const provisionInfo = text('racetee/v1/provision test')
  const recipient = text('recipient-address-20')

  it('round-trips an epoch secret to an enclave encryption key', async () => {
    const { secretKey, publicKey } = keyPair()
    const epochSecret = new Uint8Array(32).fill(7)
    const sealed = await sealToRecipient({
      recipientPublicKey: publicKey,
      plaintext: epochSecret,
      info: provisionInfo,
      aad: recipient,
    })
    expect(sealed.length).toBe(32 + 32 + 16)
    const opened = await openFromSender({
      recipientSecretKey: secretKey,
      sealed,
      info: provisionInfo,
      aad: recipient,
    })
    expect(opened).toEqual(epochSecret)
  })

  it('behavior: @hpke/core single-shot open reads what sealToRecipient wrote', async () => {
    const { secretKey, publicKey } = keyPair()
    const sealed = await sealToRecipient({
      recipientPublicKey: publicKey,
      plaintext: text('s'),
      info: provisionInfo,
      aad: recipient,
    })
    const suite = hpkeSuite()
    const recipientKey = await suite.kem.importKey('raw', new Uint8Array(secretKey).buffer, false)
    const pt = await suite.open(
      { recipientKey, enc: sealed.subarray(0, 32), info: provisionInfo },
      sealed.subarray(32),
      recipient,
    )
    expect(new Uint8Array(pt)).toEqual(text('s'))
  })

  it('error: another recipient aad throws ENCLAVE_SEAL_OPEN_FAILED without the secret', async () => {
    const { secretKey, publicKey } = keyPair()
    const sealed = await sealToRecipient({
      recipientPublicKey: publicKey,
      plaintext: text('topsecret'),
      info: provisionInfo,
      aad: recipient,
    })
    const err = await openFromSender({
      recipientSecretKey: secretKey,
      sealed,
      info: provisionInfo,
      aad: text('other'),
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    expect(String((err as Error).message)).not.toContain('topsecret')
  })

  it('error: a sealed value too short for enc throws ENCLAVE_SEAL_OPEN_FAILED', async () => {
    const { secretKey } = keyPair()
    const err = await openFromSender({
      recipientSecretKey: secretKey,
      sealed: new Uint8Array(10),
      info: provisionInfo,
      aad: recipient,
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
  })

  it('error: a recipient public key of the wrong length is a RangeError naming it', async () => {
    await expect(
      sealToRecipient({
        recipientPublicKey: new Uint8Array(33),
        plaintext: text('s'),
        info: provisionInfo,
        aad: recipient,
      }),
    ).rejects.toThrow(/recipientPublicKey/)
  })
})

describe('openRequestEnvelope with @racetee/protocol client builders', () => {
  const chainId = 31337n
  const mc = '0x00000000000000000000000000000000000000cc' as const
  const program = '0x00000000000000000000000000000000000000aa' as const
  const caller = '0x00000000000000000000000000000000000000bb' as const

  it('opens sealRequestEnvelope output, and the client opens the result sealed with resultBase', async () => {
    const { secretKey, publicKey } = keyPair()
    const body = new Uint8Array(68).fill(0xa9)
    const sent = await sealRequestEnvelope({
      recipientPublicKey: publicKey,
      chainId,
      mc,
      epoch: 2n,
      program,
      caller,
      kind: requestKinds.call,
      body,
    })
    expect(sent.envelope.length).toBe(177)
    const { enc, ciphertext } = parseRequestEnvelope(sent.envelope)
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc,
      ciphertext,
      info: requestInfo(chainId, mc, 2n),
      aad: requestAad(program, caller, requestKinds.call),
    })
    expect(out.kind).toBe('opened')
    if (out.kind !== 'opened') return
    expect(unpad(out.plaintext)).toEqual(body)
    expect(out.resultBase).toEqual(sent.resultBase)

    const acc = `0x${'42'.repeat(32)}` as const
    const result = {
      status: resultStatus.success,
      gasUsed: 21_000n,
      returnData: new Uint8Array([1]),
      logs: [],
    }
    const sealed = sealResult({
      resultBase: out.resultBase,
      seq: 9n,
      acc,
      chainId,
      mc,
      program,
      plaintext: padToBucket(encodeResultV1(result), 128, 11),
    })
    const opened = openResult({ resultBase: sent.resultBase, seq: 9n, acc, chainId, mc, program, sealed })
    expect(opened).toMatchObject({ status: 0, gasUsed: 21_000n })
  })

  it('behavior: a replay under another caller gives decryptFailed', async () => {
    const { secretKey, publicKey } = keyPair()
    const sent = await sealRequestEnvelope({
      recipientPublicKey: publicKey,
      chainId,
      mc,
      epoch: 2n,
      program,
      caller,
      kind: requestKinds.call,
      body: new Uint8Array(4),
    })
    const { enc, ciphertext } = parseRequestEnvelope(sent.envelope)
    const out = await openRequestEnvelope({
      recipientSecretKey: secretKey,
      enc,
      ciphertext,
      info: requestInfo(chainId, mc, 2n),
      aad: requestAad(program, mc, requestKinds.call),
    })
    expect(out).toEqual({ kind: 'decryptFailed', resultBase: sent.resultBase })
  })
})

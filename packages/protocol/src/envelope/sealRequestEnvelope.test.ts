import { describe, expect, it } from 'vitest'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { unpad } from '../padding/unpad.js'
import { requestInfo } from './hpkeInfo.js'
import { hpkeSuite } from './hpkeSuite.js'
import { requestAad } from './requestAad.js'
import { parseRequestEnvelope } from './requestEnvelope.js'
import { sealRequestEnvelope } from './sealRequestEnvelope.js'

const recipient = await hpkeSuite().kem.deriveKeyPair(new Uint8Array(32).fill(7))
const publicKey = new Uint8Array(await hpkeSuite().kem.serializePublicKey(recipient.publicKey))
const mc = '0x1111111111111111111111111111111111111111'
const program = '0x2222222222222222222222222222222222222222'
const caller = '0x3333333333333333333333333333333333333333'
const base = {
  recipientPublicKey: publicKey,
  chainId: 31337,
  mc,
  epoch: 3n,
  program,
  caller,
  kind: 1,
} as const

async function open(envelope: Uint8Array, info: Uint8Array, aad: Uint8Array) {
  const suite = hpkeSuite()
  const { enc, ciphertext } = parseRequestEnvelope(envelope)
  const ctx = await suite.createRecipientContext({ recipientKey: recipient, enc, info })
  const resultBase = new Uint8Array(await ctx.export(new TextEncoder().encode('racetee/v1/result'), 32))
  return { plaintext: new Uint8Array(await ctx.open(ciphertext, aad)), resultBase }
}

describe('sealRequestEnvelope', () => {
  it('seals a transfer into a 177-byte envelope the enclave opens, sharing resultBase', async () => {
    const body = new Uint8Array(68).fill(0xaa)
    const { envelope, resultBase } = await sealRequestEnvelope({ ...base, body })
    expect(envelope.length).toBe(177)
    expect(envelope[0]).toBe(1)
    const opened = await open(envelope, requestInfo(31337, mc, 3n), requestAad(program, caller, 1))
    expect(unpad(opened.plaintext, 128, 11)).toEqual(body)
    expect(opened.resultBase).toEqual(resultBase)
  })

  it('behavior: minBucket raises the bucket', async () => {
    const { envelope } = await sealRequestEnvelope({ ...base, body: new Uint8Array(1), minBucket: 512 })
    expect(envelope.length).toBe(1 + 32 + 512 + 16)
  })

  it('behavior: a ciphertext bound to another caller does not open', async () => {
    const { envelope } = await sealRequestEnvelope({ ...base, body: new Uint8Array(4) })
    await expect(
      open(envelope, requestInfo(31337, mc, 3n), requestAad(program, program, 1)),
    ).rejects.toThrow()
  })

  it('error: a key of the wrong length is a RangeError naming recipientPublicKey', async () => {
    await expect(
      sealRequestEnvelope({ ...base, recipientPublicKey: new Uint8Array(31), body: new Uint8Array(1) }),
    ).rejects.toThrow(/recipientPublicKey/)
  })

  it('error: a low-order public key is PROTOCOL_KEY_INVALID', async () => {
    const err = await sealRequestEnvelope({
      ...base,
      recipientPublicKey: new Uint8Array(32),
      body: new Uint8Array(1),
    })
      .then(() => null)
      .catch((e: unknown) => e)
    expect(isRaceteeError(err, 'PROTOCOL_KEY_INVALID')).toBe(true)
  })

  it('error: a body beyond 128 KiB is PROTOCOL_TOO_LARGE', async () => {
    const err = await sealRequestEnvelope({ ...base, body: new Uint8Array(128 * 1024) }).catch(
      (e: unknown) => e,
    )
    expect(isRaceteeError(err, 'PROTOCOL_TOO_LARGE')).toBe(true)
  })

  it('error: a minBucket that is not a request bucket is a RangeError', async () => {
    await expect(sealRequestEnvelope({ ...base, body: new Uint8Array(1), minBucket: 100 })).rejects.toThrow(
      RangeError,
    )
  })
})

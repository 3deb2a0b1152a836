import { randomBytes, randomInt } from 'node:crypto'
import { hpkeSuite } from '@racetee/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  createNodeHpkeRecipient,
  dhkemDecap,
  keyScheduleBase,
  keyScheduleContext,
  type NodeHpkeRecipient,
  nodeHpkeAeads,
} from './nodeHpke.js'
import { importX25519SecretKey } from './nodeX25519.js'
import { rfc9180A11 as v } from './rfc9180A11.js'
import { smallOrderPoints } from './smallOrderPoints.js'

const hex = (s: string) => hexToBytes(`0x${s}`)
const toHex = (b: Uint8Array) => bytesToHex(b).slice(2)

describe('nodeHpke against RFC 9180 A.1.1 (base, X25519, HKDF-SHA256, AES-128-GCM)', () => {
  const aead = nodeHpkeAeads.aes128Gcm

  it('derives the vector shared secret, key schedule, plaintext and exported values', () => {
    expect(aead.id).toBe(v.aeadId)
    const { privateKey, publicKey } = importX25519SecretKey(hex(v.skRm))
    expect(toHex(publicKey)).toBe(v.pkRm)

    const sharedSecret = dhkemDecap(privateKey, publicKey, hex(v.enc))
    expect(sharedSecret && toHex(sharedSecret)).toBe(v.sharedSecret)

    const context = keyScheduleContext(aead, hex(v.info))
    expect(toHex(context)).toBe(v.keyScheduleContext)
    const schedule = keyScheduleBase(aead, hex(v.sharedSecret), context)
    expect(toHex(schedule.key)).toBe(v.key)
    expect(toHex(schedule.baseNonce)).toBe(v.baseNonce)
    expect(toHex(schedule.baseNonce)).toBe(v.encryption.nonce)
    expect(toHex(schedule.exporterSecret)).toBe(v.exporterSecret)

    const recipient = createNodeHpkeRecipient({ recipientSecretKey: hex(v.skRm), aead })
    const ctx = recipient.setupBase({ enc: hex(v.enc), info: hex(v.info) })
    expect(ctx).toBeDefined()
    for (const e of v.exports) expect(toHex(ctx!.export(hex(e.context), 32))).toBe(e.value)
    const pt = ctx!.open(hex(v.encryption.ct), hex(v.encryption.aad))
    expect(pt && toHex(pt)).toBe(v.encryption.pt)
  })

  it('behavior: a flipped tag bit of the vector ciphertext does not open', () => {
    const recipient = createNodeHpkeRecipient({ recipientSecretKey: hex(v.skRm), aead })
    const ct = hex(v.encryption.ct)
    ct[ct.length - 1]! ^= 0x80
    const ctx = recipient.setupBase({ enc: hex(v.enc), info: hex(v.info) })!
    expect(ctx.open(ct, hex(v.encryption.aad))).toBeUndefined()
    // The exporter does not depend on the AEAD: still the vector's value.
    expect(toHex(ctx.export(new Uint8Array(0), 32))).toBe(v.exports[0].value)
  })

  it('error: a context opens once, and nothing after wipe()', () => {
    const recipient = createNodeHpkeRecipient({ recipientSecretKey: hex(v.skRm), aead })
    const ctx = recipient.setupBase({ enc: hex(v.enc), info: hex(v.info) })!
    ctx.open(hex(v.encryption.ct), hex(v.encryption.aad))
    expect(() => ctx.open(hex(v.encryption.ct), hex(v.encryption.aad))).toThrow(/already used/)
    ctx.wipe()
    expect(() => ctx.export(new Uint8Array(0), 32)).toThrow(/already used/)
  })

  it('error: an export length out of HKDF range is a RangeError', () => {
    const recipient = createNodeHpkeRecipient({ recipientSecretKey: hex(v.skRm), aead })
    const ctx = recipient.setupBase({ enc: hex(v.enc), info: hex(v.info) })!
    expect(() => ctx.export(new Uint8Array(0), 0)).toThrow(RangeError)
    expect(() => ctx.export(new Uint8Array(0), 255 * 32 + 1)).toThrow(RangeError)
  })
})

// Differential: @hpke/core (the SDK's sender, RaceTEE's suite with AES-256-GCM) against nodeHpke.
const suite = hpkeSuite()

async function coreSeal(
  pkR: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array,
  pt: Uint8Array,
  exp: Uint8Array,
  L: number,
) {
  const recipientPublicKey = await suite.kem.deserializePublicKey(pkR)
  const sender = await suite.createSenderContext({ recipientPublicKey, info })
  const exported = new Uint8Array(await sender.export(exp, L))
  const ct = new Uint8Array(await sender.seal(pt, aad))
  return { enc: new Uint8Array(sender.enc), ct, exported }
}

/** @hpke/core's recipient exporter for (enc, info), or null when it refuses `enc`. */
async function coreExport(skR: Uint8Array, enc: Uint8Array, info: Uint8Array, exp: Uint8Array, L: number) {
  const recipientKey = await suite.kem.deserializePrivateKey(skR)
  try {
    const ctx = await suite.createRecipientContext({ recipientKey, enc, info })
    return new Uint8Array(await ctx.export(exp, L))
  } catch {
    return null
  }
}

function randomRecipient(): { skR: Uint8Array; recipient: NodeHpkeRecipient } {
  const skR = new Uint8Array(randomBytes(32))
  return {
    skR,
    recipient: createNodeHpkeRecipient({ recipientSecretKey: skR, aead: nodeHpkeAeads.aes256Gcm }),
  }
}

const rand = (max: number) => new Uint8Array(randomBytes(randomInt(0, max + 1)))

describe('nodeHpke against @hpke/core (AES-256-GCM)', () => {
  it('opens 64 random @hpke/core envelopes to the same plaintext and exporter output', async () => {
    for (let i = 0; i < 64; i++) {
      const { recipient } = randomRecipient()
      // The first case is the all-empty edge (info, aad, plaintext and exporter context).
      const [info, aad, pt, exp] =
        i === 0 ? [rand(0), rand(0), rand(0), rand(0)] : [rand(120), rand(120), rand(400), rand(40)]
      const L = randomInt(1, 100)
      const sent = await coreSeal(recipient.publicKey, info, aad, pt, exp, L)
      const ctx = recipient.setupBase({ enc: sent.enc, info })!
      expect(ctx.export(exp, L)).toEqual(sent.exported)
      expect(ctx.open(sent.ct, aad)).toEqual(pt)
    }
  })

  it('behavior: tampered ciphertext, another aad or another info fail with @hpke/core’s exporter output', async () => {
    for (let i = 0; i < 16; i++) {
      const { skR, recipient } = randomRecipient()
      const [info, aad, pt] = [rand(80), rand(80), rand(200)]
      const exp = new TextEncoder().encode('racetee/v1/result')
      const sent = await coreSeal(recipient.publicKey, info, aad, pt, exp, 32)

      const tampered = sent.ct.slice()
      tampered[randomInt(0, tampered.length)]! ^= 1 << randomInt(0, 8)
      let ctx = recipient.setupBase({ enc: sent.enc, info })!
      expect(ctx.export(exp, 32)).toEqual(sent.exported)
      expect(ctx.open(tampered, aad)).toBeUndefined()

      ctx = recipient.setupBase({ enc: sent.enc, info })!
      expect(ctx.open(sent.ct, new Uint8Array([...aad, 0]))).toBeUndefined()

      const otherInfo = new Uint8Array([...info, 1])
      ctx = recipient.setupBase({ enc: sent.enc, info: otherInfo })!
      const exported = ctx.export(exp, 32)
      expect(exported).toEqual(await coreExport(skR, sent.enc, otherInfo, exp, 32))
      expect(exported).not.toEqual(sent.exported)
      expect(ctx.open(sent.ct, aad)).toBeUndefined()
    }
  })

  it('behavior: an enc with the top bit set is read as @hpke/core reads it (RFC 7748 masks it)', async () => {
    const { skR, recipient } = randomRecipient()
    const sent = await coreSeal(recipient.publicKey, rand(10), rand(10), rand(10), rand(10), 32)
    const enc = sent.enc.slice()
    enc[31]! |= 0x80
    const info = new Uint8Array([1, 2, 3])
    const ctx = recipient.setupBase({ enc, info })
    expect(ctx).toBeDefined()
    expect(ctx!.export(new Uint8Array(0), 32)).toEqual(
      await coreExport(skR, enc, info, new Uint8Array(0), 32),
    )
  })

  it('behavior: the key_schedule_context cache follows a changing info', async () => {
    const { recipient } = randomRecipient()
    for (const info of [rand(20), rand(20), new Uint8Array(0), new Uint8Array(0)]) {
      const sent = await coreSeal(
        recipient.publicKey,
        info,
        new Uint8Array(0),
        rand(20),
        new Uint8Array(0),
        32,
      )
      expect(recipient.setupBase({ enc: sent.enc, info })!.export(new Uint8Array(0), 32)).toEqual(
        sent.exported,
      )
    }
  })

  it('error: enc of the wrong length or of low order gives no context, as @hpke/core refuses it', async () => {
    const { skR, recipient } = randomRecipient()
    const info = rand(20)
    const bad = [
      new Uint8Array(0),
      new Uint8Array(31),
      new Uint8Array(33),
      new Uint8Array(64),
      ...smallOrderPoints(),
    ]
    for (const enc of bad) {
      expect(recipient.setupBase({ enc, info }), toHex(enc)).toBeUndefined()
      expect(await coreExport(skR, enc, info, new Uint8Array(0), 32), toHex(enc)).toBeNull()
    }
  })

  it('error: a recipient secret key of the wrong length is a RangeError', () => {
    expect(() =>
      createNodeHpkeRecipient({ recipientSecretKey: new Uint8Array(31), aead: nodeHpkeAeads.aes256Gcm }),
    ).toThrow(RangeError)
  })
})

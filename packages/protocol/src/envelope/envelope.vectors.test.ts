import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/envelope.vectors.json' with { type: 'json' }
import { isRaceteeError } from '../errors/RaceteeError.js'
import { unpad } from '../padding/unpad.js'
import { decodeAclBody, encodeAclBody } from './aclBody.js'
import { decodeDeployBody, encodeDeployBody } from './deployBody.js'
import { provisionInfo, readInfo, requestInfo } from './hpkeInfo.js'
import { hpkeSuite } from './hpkeSuite.js'
import { provisionAad, requestAad } from './requestAad.js'
import { encodeRequestEnvelope, parseRequestEnvelope } from './requestEnvelope.js'
import { sealRequestEnvelope } from './sealRequestEnvelope.js'

const v = vectors
const r = v.request
const b = (h: string) => hexToBytes(h as Hex)
const mc = v.mc as Address

describe('envelope vectors', () => {
  it('request: info, aad, frame; the envelope opens to the padded body and exports resultBase', async () => {
    expect(bytesToHex(requestInfo(BigInt(v.chainId), mc, BigInt(r.epoch)))).toBe(r.info)
    expect(bytesToHex(requestAad(r.program as Address, r.caller as Address, 1))).toBe(r.aad)
    expect(bytesToHex(encodeRequestEnvelope({ enc: b(r.enc), ciphertext: b(r.ciphertext) }))).toBe(r.envelope)
    const { enc, ciphertext } = parseRequestEnvelope(b(r.envelope))
    expect(bytesToHex(enc)).toBe(r.enc)
    expect(bytesToHex(ciphertext)).toBe(r.ciphertext)

    const suite = hpkeSuite()
    const recipientKey = await suite.kem.deriveKeyPair(b(r.recipientIkm))
    expect(bytesToHex(new Uint8Array(await suite.kem.serializePrivateKey(recipientKey.privateKey)))).toBe(
      r.recipientSecretKey,
    )
    const ctx = await suite.createRecipientContext({ recipientKey, enc, info: b(r.info) })
    const padded = new Uint8Array(await ctx.open(ciphertext, b(r.aad)))
    expect(bytesToHex(padded)).toBe(r.padded)
    expect(bytesToHex(unpad(padded, 128, 11))).toBe(r.body)
    expect(
      bytesToHex(new Uint8Array(await ctx.export(new TextEncoder().encode('racetee/v1/result'), 32))),
    ).toBe(r.resultBase)
  })

  it('request: sealRequestEnvelope output opens with the same recipient key', async () => {
    const { envelope, resultBase } = await sealRequestEnvelope({
      recipientPublicKey: r.recipientPublicKey as Hex,
      chainId: BigInt(v.chainId),
      mc,
      epoch: BigInt(r.epoch),
      program: r.program as Address,
      caller: r.caller as Address,
      kind: 1,
      body: b(r.body),
    })
    expect(envelope).toHaveLength(177)
    const suite = hpkeSuite()
    const recipientKey = await suite.kem.deriveKeyPair(b(r.recipientIkm))
    const { enc, ciphertext } = parseRequestEnvelope(envelope)
    const ctx = await suite.createRecipientContext({ recipientKey, enc, info: b(r.info) })
    expect(bytesToHex(new Uint8Array(await ctx.open(ciphertext, b(r.aad))))).toBe(r.padded)
    expect(new Uint8Array(await ctx.export(new TextEncoder().encode('racetee/v1/result'), 32))).toEqual(
      resultBase,
    )
  })

  it('deploy and acl bodies encode and decode', () => {
    const d = v.deployBody
    const deploy = {
      runtime: 1 as const,
      code: b(d.code),
      config: { ...d.config, acl: d.config.acl as Address[] },
    }
    expect(bytesToHex(encodeDeployBody(deploy))).toBe(d.encoded)
    const decoded = decodeDeployBody(b(d.encoded))
    expect({
      ...decoded,
      config: { ...decoded.config, acl: decoded.config.acl.map((a) => a.toLowerCase()) },
    }).toEqual(deploy)
    const a = v.aclBody
    expect(bytesToHex(encodeAclBody({ acl: a.acl as Address[], newAdmin: a.newAdmin as Address }))).toBe(
      a.encoded,
    )
    expect(decodeAclBody(b(a.encoded)).newAdmin).toBe(a.newAdmin)
  })

  it('read info and provisioning: info, aad, and the sealed secret opens', async () => {
    expect(bytesToHex(readInfo(BigInt(v.chainId), mc, BigInt(v.readInfo.epoch)))).toBe(v.readInfo.info)
    const p = v.provision
    expect(bytesToHex(provisionInfo(BigInt(v.chainId), mc, BigInt(p.epoch)))).toBe(p.info)
    expect(bytesToHex(provisionAad(p.recipient as Address))).toBe(p.aad)
    const suite = hpkeSuite()
    const recipientKey = await suite.kem.deriveKeyPair(b(p.recipientIkm))
    const sealed = b(p.sealed)
    const ctx = await suite.createRecipientContext({
      recipientKey,
      enc: sealed.slice(0, 32),
      info: b(p.info),
    })
    expect(bytesToHex(new Uint8Array(await ctx.open(sealed.slice(32), b(p.aad))))).toBe(p.secret)
  })

  it('error: a truncated or re-versioned envelope is refused', () => {
    const env = b(r.envelope)
    const codeOf = (bytes: Uint8Array) => {
      try {
        parseRequestEnvelope(bytes)
      } catch (e) {
        return isRaceteeError(e) ? e.code : 'other'
      }
    }
    expect(codeOf(env.slice(0, 48))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(Uint8Array.of(2, ...env.slice(1)))).toBe('PROTOCOL_UNSUPPORTED_VERSION')
  })

  it('error: a non-canonical deploy body (trailing byte) is PROTOCOL_MALFORMED', () => {
    const padded = Uint8Array.of(...b(v.deployBody.encoded), 0)
    expect(() => decodeDeployBody(padded)).toThrow(/canonical|ABI/)
  })
})

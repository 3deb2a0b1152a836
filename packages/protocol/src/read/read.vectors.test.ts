import { gcmsiv } from '@noble/ciphers/aes.js'
import { type Address, bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/read.vectors.json' with { type: 'json' }
import { raceteeDomain } from '../eip712/types.js'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { padToBucket } from '../padding/padToBucket.js'
import { decodeReadAnswerV1, encodeReadAnswerV1, readAnswerSigningHash } from './readAnswer.js'
import { openReadAnswer, READ_ANSWER_NONCE, readAnswerAad } from './readAnswerKey.js'
import {
  decodeReadQueryBody,
  encodeReadQueryBody,
  type ReadQuery,
  readQuerySigningHash,
} from './readQuery.js'

const v = vectors
const b = (h: string) => hexToBytes(h as Hex)
const domain = raceteeDomain(BigInt(v.chainId), v.mc as Address)
const query: ReadQuery = {
  account: v.query.query.account as Address,
  program: v.query.query.program as Address,
  data: v.query.query.data as Hex,
  epoch: BigInt(v.query.query.epoch),
  expiry: BigInt(v.query.query.expiry),
}
const a = v.answer
const answer = {
  status: 0 as const,
  returnData: b(a.answer.returnData),
  commitId: a.answer.commitId as Hex,
  toSeq: BigInt(a.answer.toSeq),
}

describe('read vectors', () => {
  it('query body encodes, decodes and gives the signing hash', () => {
    const body = { query, signature: v.query.signature as Hex }
    expect(bytesToHex(encodeReadQueryBody(body))).toBe(v.query.body)
    const decoded = decodeReadQueryBody(b(v.query.body))
    expect({
      ...decoded,
      query: {
        ...decoded.query,
        account: decoded.query.account.toLowerCase(),
        program: decoded.query.program.toLowerCase(),
      },
    }).toEqual(body)
    expect(readQuerySigningHash(domain, query)).toBe(v.query.signingHash)
  })

  it('answer encodes, seals, opens and gives the signing hash', () => {
    expect(bytesToHex(encodeReadAnswerV1(answer))).toBe(a.encoded)
    expect(decodeReadAnswerV1(b(a.encoded))).toEqual(answer)
    expect(bytesToHex(readAnswerAad(b(a.queryEnvelope)))).toBe(a.aad)
    const padded = padToBucket(b(a.encoded), 128, Number.POSITIVE_INFINITY)
    expect(bytesToHex(padded)).toBe(a.padded)
    const sealed = gcmsiv(b(a.answerKey), READ_ANSWER_NONCE, readAnswerAad(b(a.queryEnvelope))).encrypt(
      padded,
    )
    expect(bytesToHex(sealed)).toBe(a.sealed)
    expect(openReadAnswer({ answerKey: b(a.answerKey), queryEnvelope: b(a.queryEnvelope), sealed })).toEqual(
      answer,
    )
    const signed = {
      queryHash: keccak256(b(a.queryEnvelope)),
      answerHash: keccak256(sealed),
      commitId: answer.commitId,
      toSeq: answer.toSeq,
    }
    expect(signed).toEqual({ ...a.signed, toSeq: BigInt(a.signed.toSeq) })
    expect(readAnswerSigningHash(domain, signed)).toBe(a.signingHash)
  })

  it('error: an answer for another query does not open (PROTOCOL_DECRYPT_FAILED)', () => {
    let caught: unknown
    try {
      openReadAnswer({ answerKey: b(a.answerKey), queryEnvelope: Uint8Array.of(1), sealed: b(a.sealed) })
    } catch (e) {
      caught = e
    }
    expect(isRaceteeError(caught, 'PROTOCOL_DECRYPT_FAILED')).toBe(true)
  })
})

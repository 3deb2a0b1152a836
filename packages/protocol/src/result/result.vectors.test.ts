import { gcmsiv } from '@noble/ciphers/aes.js'
import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/result.vectors.json' with { type: 'json' }
import type { BundleEntryStatus, ResultStatus } from '../constants/resultStatus.js'
import { openResult } from '../envelope/openResult.js'
import { resultAad, resultKey, resultNonce } from '../envelope/resultKey.js'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { padToBucket } from '../padding/padToBucket.js'
import { decodeResultsBundle, encodeResultsBundle, resultsHash } from './resultsBundle.js'
import { decodeResultV1, encodeResultV1, type ResultV1 } from './resultV1.js'

const v = vectors
const s = v.sealing
const b = (h: string) => hexToBytes(h as Hex)
const mc = v.mc as Address
const program = s.program as Address
const result: ResultV1 = {
  status: s.result.status as ResultStatus,
  gasUsed: BigInt(s.result.gasUsed),
  returnData: b(s.result.returnData),
  logs: s.result.logs.map((l) => ({
    address: l.address as Address,
    topics: l.topics as Hex[],
    data: l.data as Hex,
  })),
}
const entries = v.bundle.entries.map((e) => ({
  seq: BigInt(e.seq),
  acc: e.acc as Hex,
  program: e.program as Address,
  status: e.status as BundleEntryStatus,
  sealed: b(e.sealed),
}))

describe('result vectors', () => {
  it('ResultV1 encodes and decodes', () => {
    expect(bytesToHex(encodeResultV1(result))).toBe(s.encoded)
    const decoded = decodeResultV1(b(s.encoded))
    expect({
      ...decoded,
      logs: decoded.logs.map((l) => ({ ...l, address: l.address.toLowerCase() })),
    }).toEqual(result)
    const r = v.reverted
    const reverted = {
      status: 1 as const,
      gasUsed: BigInt(r.result.gasUsed),
      returnData: b(r.result.returnData),
      logs: [],
    }
    expect(bytesToHex(encodeResultV1(reverted))).toBe(r.encoded)
    expect(decodeResultV1(b(r.encoded))).toEqual(reverted)
  })

  it('sealing: key, nonce, aad, sealed bytes, and openResult', () => {
    const seq = BigInt(s.seq)
    const acc = s.acc as Hex
    const key = resultKey(b(s.resultBase), seq, acc)
    expect(bytesToHex(key)).toBe(s.key)
    expect(bytesToHex(resultNonce(seq, acc))).toBe(s.nonce)
    expect(bytesToHex(resultAad(BigInt(v.chainId), mc, program, seq))).toBe(s.aad)
    const padded = padToBucket(b(s.encoded), 128, Number.POSITIVE_INFINITY)
    expect(bytesToHex(padded)).toBe(s.padded)
    const sealed = gcmsiv(key, resultNonce(seq, acc), resultAad(BigInt(v.chainId), mc, program, seq)).encrypt(
      padded,
    )
    expect(bytesToHex(sealed)).toBe(s.sealed)
    const opened = openResult({
      resultBase: b(s.resultBase),
      seq,
      acc,
      chainId: BigInt(v.chainId),
      mc,
      program,
      sealed,
    })
    expect(opened.gasUsed).toBe(result.gasUsed)
    expect(opened.returnData).toEqual(result.returnData)
  })

  it('bundle encodes, decodes and hashes', () => {
    const bundle = encodeResultsBundle(entries)
    expect(bytesToHex(bundle)).toBe(v.bundle.encoded)
    expect(resultsHash(bundle)).toBe(v.bundle.resultsHash)
    const decoded = decodeResultsBundle(b(v.bundle.encoded))
    expect(decoded.map((e) => ({ ...e, program: e.program.toLowerCase() }))).toEqual(entries)
  })

  it('error: entries out of seq order or an envelopeInvalid entry with bytes are PROTOCOL_MALFORMED', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return isRaceteeError(e) ? e.code : 'other'
      }
    }
    expect(codeOf(() => encodeResultsBundle([...entries].reverse()))).toBe('PROTOCOL_MALFORMED')
    const bad = entries.map((e) => ({ ...e, sealed: Uint8Array.of(1) }))
    expect(codeOf(() => encodeResultsBundle(bad))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => decodeResultV1(Uint8Array.of(2, ...b(s.encoded).slice(1))))).toBe(
      'PROTOCOL_UNSUPPORTED_VERSION',
    )
  })
})

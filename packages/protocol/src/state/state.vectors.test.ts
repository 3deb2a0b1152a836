import { gcmsiv } from '@noble/ciphers/aes.js'
import { type Address, bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/state.vectors.json' with { type: 'json' }
import type { BlobKind } from '../constants/blobKinds.js'
import { isRaceteeError } from '../errors/RaceteeError.js'
import { padToBucket } from '../padding/padToBucket.js'
import { decodeCodeBlob, encodeCodeBlob } from './codeBlob.js'
import {
  deriveManagementKey,
  derivePrevrandao,
  deriveProgramKey,
  deriveRequestSecret,
  ratchetProgramKey,
} from './deriveKeys.js'
import { decodePage, encodePage } from './page.js'
import { decodePageIndex, encodePageIndex } from './pageIndex.js'
import { decodeProgramHead, encodeProgramHead, type ProgramHead, programDigest } from './programHead.js'
import { decodeProgramInfo, encodeProgramInfo, type ProgramInfoV1 } from './programInfo.js'
import { encodeSealedBlob, parseSealedBlob } from './sealedBlob.js'
import { sealAad, sealNonce } from './sealNonce.js'

const v = vectors
const b = (h: string) => hexToBytes(h as Hex)
const mc = v.mc as Address
const program = v.program as Address
const chainId = BigInt(v.chainId)

describe('state vectors', () => {
  it('head encodes, decodes and gives the digest', () => {
    const head = v.head.head as ProgramHead
    expect(bytesToHex(encodeProgramHead(head))).toBe(v.head.encoded)
    expect(decodeProgramHead(b(v.head.encoded))).toEqual(head)
    expect(programDigest(head)).toBe(v.head.digest)
  })

  it('key derivations', () => {
    const k = v.keys
    const E = () => b(k.epochSecret)
    expect(bytesToHex(deriveRequestSecret(E(), BigInt(k.epoch)))).toBe(k.requestSecret)
    expect(bytesToHex(deriveManagementKey(E(), BigInt(k.epoch)))).toBe(k.managementKey)
    expect(bytesToHex(deriveProgramKey(E(), program, k.accDeploy as Hex))).toBe(k.programKey0)
    expect(bytesToHex(ratchetProgramKey(b(k.programKey0), E(), program, 1))).toBe(k.programKey1)
    expect(bytesToHex(derivePrevrandao(E(), k.accBefore as Hex))).toBe(k.prevrandao)
  })

  it('ProgramInfoV1 encodes and decodes', () => {
    const i = v.info.info
    const info: ProgramInfoV1 = {
      ...i,
      runtime: 1,
      programKey: b(i.programKey),
      keyEpoch: BigInt(i.keyEpoch),
      admin: i.admin as Address,
      acl: i.acl as Address[],
      nonce: BigInt(i.nonce),
      retainedKeys: i.retainedKeys.map(b),
    }
    expect(bytesToHex(encodeProgramInfo(info))).toBe(v.info.encoded)
    const decoded = decodeProgramInfo(b(v.info.encoded))
    expect({
      ...decoded,
      admin: decoded.admin.toLowerCase(),
      acl: decoded.acl.map((a) => a.toLowerCase()),
    }).toEqual(info)
  })

  it('index, page and code plaintexts encode and decode', () => {
    const entries = v.index.entries.map((e) => ({
      page: BigInt(e.page),
      pageBlobHash: e.pageBlobHash as Hex,
    }))
    expect(bytesToHex(encodePageIndex(entries))).toBe(v.index.encoded)
    expect(decodePageIndex(b(v.index.encoded))).toEqual(entries)
    const slots = v.page.slots.map((s) => ({ offset: s.offset, value: b(s.value) }))
    expect(bytesToHex(encodePage(slots))).toBe(v.page.encoded)
    expect(decodePage(b(v.page.encoded))).toEqual(slots)
    expect(bytesToHex(encodeCodeBlob({ runtime: 1, code: b(v.code.code) }))).toBe(v.code.encoded)
    expect(decodeCodeBlob(b(v.code.encoded))).toEqual({ runtime: 1, code: b(v.code.code) })
  })

  it('sealed code blob: nonce, aad, ciphertext, frame', () => {
    const s = v.sealedCode
    const kind = s.kind as BlobKind
    const nonce = sealNonce(program, kind, BigInt(s.page), s.accW as Hex)
    const aad = sealAad(chainId, mc, program, kind, BigInt(s.page), s.keyVersion)
    expect(bytesToHex(nonce)).toBe(s.nonce)
    expect(bytesToHex(aad)).toBe(s.aad)
    const padded = padToBucket(b(v.code.encoded), 128, Number.POSITIVE_INFINITY)
    expect(bytesToHex(padded)).toBe(s.padded)
    const ciphertext = gcmsiv(b(s.key), nonce, aad).encrypt(padded)
    expect(bytesToHex(ciphertext)).toBe(s.ciphertext)
    const blob = encodeSealedBlob({ kind, keyVersion: s.keyVersion, nonce, ciphertext })
    expect(bytesToHex(blob)).toBe(s.blob)
    expect(keccak256(blob)).toBe(s.blobHash)
    expect(parseSealedBlob(b(s.blob))).toEqual({ kind, keyVersion: s.keyVersion, nonce, ciphertext })
    const p = v.pageSeal
    expect(bytesToHex(sealNonce(program, 4, BigInt(p.page), p.accW as Hex))).toBe(p.nonce)
    expect(bytesToHex(sealAad(chainId, mc, program, 4, BigInt(p.page), p.keyVersion))).toBe(p.aad)
  })

  it('error: malformed plaintexts and frames are PROTOCOL_MALFORMED', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return isRaceteeError(e) ? e.code : 'other'
      }
    }
    expect(codeOf(() => decodeProgramHead(new Uint8Array(95)))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => decodePage(Uint8Array.of(3, ...new Uint8Array(32))))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => decodePage(b(v.page.encoded).slice(0, 40)))).toBe('PROTOCOL_MALFORMED')
    const index = b(v.index.encoded)
    expect(codeOf(() => decodePageIndex(Uint8Array.of(...index.slice(64, 128), ...index.slice(0, 64))))).toBe(
      'PROTOCOL_MALFORMED',
    )
    expect(codeOf(() => decodeCodeBlob(Uint8Array.of(9, 1)))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => parseSealedBlob(b(v.sealedCode.blob).slice(0, 20)))).toBe('PROTOCOL_MALFORMED')
    expect(codeOf(() => parseSealedBlob(Uint8Array.of(1, 9, ...b(v.sealedCode.blob).slice(2))))).toBe(
      'PROTOCOL_MALFORMED',
    )
  })
})

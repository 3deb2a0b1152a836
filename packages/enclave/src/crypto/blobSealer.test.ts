import { keccak_256 } from '@noble/hashes/sha3.js'
import { blobKinds, type ErrorCode, isRaceteeError } from '@racetee/protocol'
import { bytesToHex, concatBytes, hexToBytes, numberToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { openSiv } from './aeadSiv.js'
import { openBlob, parseSealedBlobHeader, sealBlob } from './blobSealer.js'

// P5: 0x01 ‖ u8 kind ‖ u32 keyVersion ‖ nonce(12)
const SEALED_BLOB_HEADER_LENGTH = 18

const key = new Uint8Array(32).fill(0x11)
const program = '0x00000000000000000000000000000000000000aa' as const
const mc = '0x00000000000000000000000000000000000000cc' as const
const accW = `0x${'ab'.repeat(32)}` as const
const plaintext = new Uint8Array(128).map((_, i) => i)
const base = {
  key,
  kind: blobKinds.page,
  keyVersion: 3,
  program,
  page: 5n,
  accW,
  chainId: 31337n,
  mc,
  plaintext,
}
const expected = { kind: blobKinds.page, keyVersion: 3, program, page: 5n, chainId: 31337n, mc }

function expectOpenFailed(fn: () => unknown, code: ErrorCode = 'ENCLAVE_SEAL_OPEN_FAILED') {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(isRaceteeError(caught, code)).toBe(true)
  return caught as Error
}

describe('sealBlob / openBlob', () => {
  it('seals with the P5 header and opens with the expected fields', () => {
    const blob = sealBlob(base)
    expect(blob.length).toBe(SEALED_BLOB_HEADER_LENGTH + plaintext.length + 16)
    expect(bytesToHex(blob.subarray(0, 6))).toBe('0x010400000003')
    expect(openBlob({ key, expected, blob })).toEqual(plaintext)
  })

  it('behavior: deterministic, the same inputs give the same bytes', () => {
    expect(sealBlob(base)).toEqual(sealBlob({ ...base, plaintext: plaintext.slice() }))
    expect(sealBlob({ ...base, accW: `0x${'ac'.repeat(32)}` })).not.toEqual(sealBlob(base))
  })

  it('behavior: nonce and aad follow P5 byte for byte (independent recomputation)', () => {
    const blob = sealBlob(base)
    const nonce = keccak_256(
      concatBytes([hexToBytes(program), Uint8Array.of(4), numberToBytes(5n, { size: 32 }), hexToBytes(accW)]),
    ).slice(0, 12)
    const header = parseSealedBlobHeader(blob)
    expect(header).toMatchObject({ kind: 4, keyVersion: 3 })
    expect(header.nonce).toEqual(nonce)
    const aad = concatBytes([
      numberToBytes(31337n, { size: 32 }),
      hexToBytes(mc),
      hexToBytes(program),
      Uint8Array.of(4),
      numberToBytes(5n, { size: 32 }),
      numberToBytes(3, { size: 4 }),
    ])
    expect(openSiv({ key, nonce, aad, ciphertext: blob.subarray(SEALED_BLOB_HEADER_LENGTH) })).toEqual(
      plaintext,
    )
  })

  it('behavior: keyVersion may be left to the header', () => {
    const blob = sealBlob(base)
    const { keyVersion: _, ...withoutVersion } = expected
    expect(openBlob({ key, expected: withoutVersion, blob })).toEqual(plaintext)
  })

  it('error: another program, page, kind, chain, MC, version or key does not open', () => {
    const blob = sealBlob(base)
    const otherKey = key.slice()
    otherKey[31]! ^= 1
    const cases = [
      { key, expected: { ...expected, program: mc }, blob },
      { key, expected: { ...expected, page: 6n }, blob },
      { key, expected: { ...expected, kind: blobKinds.code }, blob },
      { key, expected: { ...expected, chainId: 1n }, blob },
      { key, expected: { ...expected, mc: program }, blob },
      { key, expected: { ...expected, keyVersion: 4 }, blob },
      { key: otherKey, expected, blob },
    ]
    for (const c of cases) expectOpenFailed(() => openBlob(c))
  })

  it('error: a header rewritten to another version does not open', () => {
    const blob = sealBlob(base)
    blob[5] = 4 // keyVersion 3 -> 4 in the header; the AAD binds the original
    expectOpenFailed(() => openBlob({ key, expected: { ...expected, keyVersion: 4 }, blob }))
  })

  it('error: a flipped ciphertext bit does not open and the error has no plaintext', () => {
    const blob = sealBlob(base)
    blob[blob.length - 1]! ^= 1
    const err = expectOpenFailed(() => openBlob({ key, expected, blob }))
    expect(err.message).toContain(program)
    expect(err.message).not.toContain(bytesToHex(plaintext).slice(2, 20))
  })

  it('error: a bad version byte or a short blob is a protocol fault', () => {
    const blob = sealBlob(base)
    blob[0] = 2
    expectOpenFailed(() => openBlob({ key, expected, blob }), 'PROTOCOL_UNSUPPORTED_VERSION')
    const short = new Uint8Array(20)
    short[0] = 1
    short[1] = 4
    expectOpenFailed(() => openBlob({ key, expected, blob: short }), 'PROTOCOL_MALFORMED')
    const unknownKind = sealBlob(base)
    unknownKind[1] = 9
    expectOpenFailed(() => openBlob({ key, expected, blob: unknownKind }), 'PROTOCOL_MALFORMED')
  })

  it('error: bad shapes are TypeError/RangeError naming the parameter', () => {
    expect(() => sealBlob({ ...base, kind: 9 as never })).toThrow(/kind/)
    expect(() => sealBlob({ ...base, keyVersion: 2 ** 32 })).toThrow(/keyVersion/)
    expect(() => sealBlob({ ...base, key: new Uint8Array(16) })).toThrow(/key/)
    expect(() => sealBlob({ ...base, program: '0x1234' as never })).toThrow(/program/)
    expect(() => sealBlob({ ...base, accW: '0x12' })).toThrow(/accW/)
  })
})

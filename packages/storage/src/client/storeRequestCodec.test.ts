import { isRaceteeError } from '@racetee/protocol'
import { bytesToHex, encodeAbiParameters, type Hex, hexToBytes, keccak256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { decodeStoreRequest, encodeStoreRequest } from './storeRequestCodec.js'

const authorization = {
  prevCommit: keccak256(toHex('prev')),
  blobsRoot: keccak256(toHex('root')),
  toBlock: 123_456n,
  signature: `0x${'ab'.repeat(65)}` as Hex,
}
const blobs = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(64).fill(9), new Uint8Array(33)]

function viemEncoding(signature: Hex, items: readonly Uint8Array[]): Uint8Array {
  return hexToBytes(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes' }, { type: 'bytes[]' }],
      [
        authorization.prevCommit,
        authorization.blobsRoot,
        authorization.toBlock,
        signature,
        items.map((b) => bytesToHex(b)),
      ],
    ),
  )
}

function expectBadRequest(body: Uint8Array, detail: RegExp) {
  try {
    decodeStoreRequest(body)
  } catch (err) {
    expect(isRaceteeError(err, 'STORAGE_BAD_REQUEST')).toBe(true)
    expect((err as { details: string }).details).toMatch(detail)
    return
  }
  throw new TypeError('decodeStoreRequest accepted a malformed body')
}

describe('storeRequestCodec', () => {
  it('encodes exactly as abi.encode and decodes back', () => {
    const body = encodeStoreRequest(authorization, blobs)
    expect(bytesToHex(body)).toBe(bytesToHex(viemEncoding(authorization.signature, blobs)))
    const decoded = decodeStoreRequest(body)
    expect(decoded.prevCommit).toBe(authorization.prevCommit)
    expect(decoded.blobsRoot).toBe(authorization.blobsRoot)
    expect(decoded.toBlock).toBe(authorization.toBlock)
    expect(decoded.signature).toBe(authorization.signature)
    expect(decoded.blobs.map((b) => bytesToHex(b))).toEqual(blobs.map((b) => bytesToHex(b)))
  })

  it('behavior: agrees with viem for an empty list, a short signature and a max toBlock', () => {
    const max = { ...authorization, toBlock: 2n ** 64n - 1n, signature: '0x' as Hex }
    const body = encodeStoreRequest(max, [])
    const viem = hexToBytes(
      encodeAbiParameters(
        [
          { type: 'bytes32' },
          { type: 'bytes32' },
          { type: 'uint64' },
          { type: 'bytes' },
          { type: 'bytes[]' },
        ],
        [max.prevCommit, max.blobsRoot, max.toBlock, '0x', []],
      ),
    )
    expect(bytesToHex(body)).toBe(bytesToHex(viem))
    expect(decodeStoreRequest(body)).toMatchObject({ toBlock: max.toBlock, signature: '0x', blobs: [] })
  })

  it('error: trailing bytes', () => {
    const body = encodeStoreRequest(authorization, blobs)
    expectBadRequest(new Uint8Array([...body, 0]), /after the last blob/)
  })

  it('error: truncated body', () => {
    const body = encodeStoreRequest(authorization, blobs)
    expectBadRequest(body.subarray(0, body.length - 32), /body ends inside/)
    expectBadRequest(new Uint8Array(100), /body ends inside/)
  })

  it('error: dirty padding', () => {
    const body = encodeStoreRequest(authorization, blobs)
    // blobs[0] (3 bytes) ends with 29 bytes of padding: the last byte of the body before blobs[1].
    const signatureEnd = 160 + 32 + 96
    const firstBlobData = signatureEnd + 32 + 4 * 32 + 32
    body[firstBlobData + 3] = 1
    expectBadRequest(body, /padding of blobs\[0\]/)
  })

  it('error: a uint64 with high bytes set', () => {
    const body = encodeStoreRequest(authorization, blobs)
    body[64] = 1
    expectBadRequest(body, /toBlock is out of range/)
  })

  it('error: non-canonical offsets', () => {
    const body = encodeStoreRequest(authorization, blobs)
    body[3 * 32 + 31] = 0xc0
    expectBadRequest(body, /offset of signature/)
    const again = encodeStoreRequest(authorization, blobs)
    again[4 * 32 + 31] = (again[4 * 32 + 31] ?? 0) + 32
    expectBadRequest(again, /offset of blobs/)
  })

  it('error: a blob count that cannot fit the body', () => {
    const body = encodeStoreRequest(authorization, [])
    body[body.length - 1] = 200
    expectBadRequest(body, /number of blobs 200/)
  })

  it('error: a length that runs past the end', () => {
    const body = encodeStoreRequest(authorization, [new Uint8Array(5)])
    body[body.length - 64 + 31] = 200
    expectBadRequest(body, /body ends inside blobs\[0\]/)
  })

  it('error: encoder arguments of the wrong shape', () => {
    expect(() => encodeStoreRequest({ ...authorization, prevCommit: '0x01' }, [])).toThrow(RangeError)
    expect(() => encodeStoreRequest({ ...authorization, toBlock: 2n ** 64n }, [])).toThrow(RangeError)
    expect(() => encodeStoreRequest(authorization, ['x' as unknown as Uint8Array])).toThrow(TypeError)
  })
})

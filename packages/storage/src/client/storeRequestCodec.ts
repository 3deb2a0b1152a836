/**
 * The body of `POST /v1/store` (D6, docs/storage-api.md): the ABI encoding (`abi.encode`) of
 * `(bytes32 prevCommit, bytes32 blobsRoot, uint64 toBlock, bytes signature, bytes[] blobs)`,
 * the enclave's signed `StoreAuthorization` (P6) followed by every blob of one commit.
 *
 * Why not viem's codec with protocol's `decodeAbiStrict`: a body may carry 64 MiB of blobs, and
 * the hex-string round trip took 24 s and 3 GB for that size. This layout is fixed, so it is
 * written and read here on bytes, with views instead of copies. The decoder accepts only the
 * canonical encoding (offsets where `abi.encode` puts them, zero padding, no trailing bytes), so
 * one batch has one body; its tests check it against viem's encoder.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import type { SignedStoreAuthorization } from './storeAuthorization.js'

const WORD = 32
const HEAD_WORDS = 5
/** Lengths and offsets take at most 6 bytes: larger ones cannot index a byte array anyway. */
const INDEX_BYTES = 6

export type DecodedStoreRequest = SignedStoreAuthorization & {
  /** Views into the body, in the order sent (possibly with duplicates). */
  blobs: Uint8Array[]
}

/** A body that is not the canonical encoding; the reason names a field, never content. */
function malformed(reason: string): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_BAD_REQUEST, 'Store request is not canonical ABI.', {
    details: reason,
  })
}

const padded = (length: number) => Math.ceil(length / WORD) * WORD

export function encodeStoreRequest(
  authorization: SignedStoreAuthorization,
  blobs: readonly Uint8Array[],
): Uint8Array {
  const prevCommit = fixed(authorization.prevCommit, 'authorization.prevCommit')
  const root = fixed(authorization.blobsRoot, 'authorization.blobsRoot')
  const toBlock = authorization.toBlock
  if (typeof toBlock !== 'bigint' || toBlock < 0n || toBlock >= 2n ** 64n)
    throw new RangeError('authorization.toBlock must be a uint64 bigint')
  const signature = hexToBytes(authorization.signature)
  blobs.forEach((blob, i) => {
    if (!(blob instanceof Uint8Array)) throw new TypeError(`blobs[${i}] must be a Uint8Array`)
  })

  const signatureAt = HEAD_WORDS * WORD
  const blobsAt = signatureAt + WORD + padded(signature.length)
  const size = blobs.reduce((sum, b) => sum + 2 * WORD + padded(b.length), blobsAt + WORD)
  const out = new Uint8Array(size)
  out.set(prevCommit, 0)
  out.set(root, WORD)
  writeUint(out, 2 * WORD, toBlock)
  writeUint(out, 3 * WORD, BigInt(signatureAt))
  writeUint(out, 4 * WORD, BigInt(blobsAt))
  writeUint(out, signatureAt, BigInt(signature.length))
  out.set(signature, signatureAt + WORD)
  writeUint(out, blobsAt, BigInt(blobs.length))
  const elementsAt = blobsAt + WORD
  let tail = blobs.length * WORD
  blobs.forEach((blob, i) => {
    writeUint(out, elementsAt + i * WORD, BigInt(tail))
    writeUint(out, elementsAt + tail, BigInt(blob.length))
    out.set(blob, elementsAt + tail + WORD)
    tail += WORD + padded(blob.length)
  })
  return out
}

/** Decodes a store request body; throws STORAGE_BAD_REQUEST unless it is canonical. */
export function decodeStoreRequest(body: Uint8Array): DecodedStoreRequest {
  const reader = new CanonicalReader(body)
  const prevCommit = bytesToHex(reader.slice(0, WORD, 'prevCommit'))
  const blobsRoot = bytesToHex(reader.slice(WORD, WORD, 'blobsRoot'))
  const toBlock = reader.uint(2 * WORD, 'toBlock', 8)
  const signatureAt = HEAD_WORDS * WORD
  reader.expect(3 * WORD, signatureAt, 'offset of signature')
  const signatureBytes = reader.bytes(signatureAt, 'signature')
  const blobsAt = signatureAt + WORD + padded(signatureBytes.length)
  reader.expect(4 * WORD, blobsAt, 'offset of blobs')
  const count = Number(reader.uint(blobsAt, 'number of blobs'))
  const elementsAt = blobsAt + WORD
  if (count > (body.length - elementsAt) / (2 * WORD))
    throw malformed(`number of blobs ${count} does not fit the body`)
  const blobs: Uint8Array[] = []
  let tail = count * WORD
  for (let i = 0; i < count; i++) {
    reader.expect(elementsAt + i * WORD, tail, `offset of blobs[${i}]`)
    const blob = reader.bytes(elementsAt + tail, `blobs[${i}]`)
    blobs.push(blob)
    tail += WORD + padded(blob.length)
  }
  if (elementsAt + tail !== body.length)
    throw malformed(`${body.length - elementsAt - tail} bytes after the last blob`)
  return { prevCommit, blobsRoot, toBlock, signature: bytesToHex(signatureBytes), blobs }
}

class CanonicalReader {
  constructor(private readonly data: Uint8Array) {}

  slice(at: number, length: number, what: string): Uint8Array {
    if (at + length > this.data.length) throw malformed(`body ends inside ${what}`)
    return this.data.subarray(at, at + length)
  }

  /** A uint word whose value has at most `maxBytes` significant bytes. */
  uint(at: number, what: string, maxBytes = INDEX_BYTES): bigint {
    const word = this.slice(at, WORD, what)
    for (let i = 0; i < WORD - maxBytes; i++) if (word[i] !== 0) throw malformed(`${what} is out of range`)
    let value = 0n
    for (let i = WORD - maxBytes; i < WORD; i++) value = (value << 8n) | BigInt(word[i]!)
    return value
  }

  expect(at: number, value: number, what: string): void {
    const got = this.uint(at, what)
    if (got !== BigInt(value)) throw malformed(`${what} is ${got}, canonical is ${value}`)
  }

  /** A length-prefixed `bytes` at `at`, with zero padding to the word. */
  bytes(at: number, what: string): Uint8Array {
    const length = Number(this.uint(at, `length of ${what}`))
    const value = this.slice(at + WORD, length, what)
    const padding = this.slice(at + WORD + length, padded(length) - length, `padding of ${what}`)
    if (padding.some((b) => b !== 0)) throw malformed(`padding of ${what} is not zero`)
    return value
  }
}

function fixed(value: Hex, name: string): Uint8Array {
  const bytes = hexToBytes(value)
  if (bytes.length !== WORD) throw new RangeError(`${name} must be 32 bytes`)
  return bytes
}

function writeUint(out: Uint8Array, at: number, value: bigint): void {
  for (let i = WORD - 1; value > 0n; i--, value >>= 8n) out[at + i] = Number(value & 0xffn)
}

/**
 * Sealing at rest (docs/protocol.md P5, D4 "At rest"): code, Info, index and page blobs.
 *
 * ```
 * sealedBlob = 0x01 ‖ u8 kind ‖ u32 keyVersion ‖ nonce (12) ‖ AES-256-GCM-SIV ciphertext
 * nonce      = keccak(program ‖ u8 kind ‖ u256 page ‖ acc_w)[0:12]
 * aad        = u256 chainId ‖ MC ‖ program ‖ u8 kind ‖ u256 page ‖ u32 keyVersion
 * ```
 * Deterministic: the same key, fields and plaintext give the same bytes in every honest enclave
 * (D4 "Determinism"), whatever the batching, since `acc_w` is the accumulator after the last
 * request that wrote the blob. The reader checks the header against what it expects, then opens
 * with the AAD it computes itself, so a blob moved to another program, kind, page, version,
 * chain or MC fails to open.
 *
 * Layouts (header, nonce, aad) come from @racetee/protocol (`encodeSealedBlob`, `parseSealedBlob`,
 * `sealNonce`, `sealAad`); this module adds the AEAD and the reader's checks.
 *
 * Secrets: `key` (K_p,v or the epoch's management key) belongs to the caller, who wipes it.
 * `plaintext` in and out is SECRET (already padded per P5 by the caller); the caller wipes it.
 * @module
 */
import { abytes } from '@noble/hashes/utils.js'
import {
  assertUint,
  type BlobKind,
  blobKinds,
  bytes32,
  encodeSealedBlob,
  errorCodes,
  parseSealedBlob,
  RaceteeError,
  type SealedBlob,
  sealAad,
  sealNonce,
} from '@racetee/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import { openSiv, SIV_NONCE_LENGTH, sealSiv } from './aeadSiv.js'

const knownKinds: ReadonlySet<number> = new Set(Object.values(blobKinds))

function assertKind(kind: number, name: string): asserts kind is BlobKind {
  if (!knownKinds.has(kind)) throw new RangeError(`${name} must be a blob kind (1..4), got ${kind}`)
}

export type SealBlobParameters = {
  /** SECRET: K_p,v for code/index/page, the management key for Info (32 bytes). */
  key: Uint8Array
  kind: BlobKind
  /** `v` of K_p,v, or the epoch for Info (u32). */
  keyVersion: bigint | number
  program: Address
  /** 0 except for pages. */
  page: bigint
  /** Accumulator after the last request that changed this blob's plaintext. */
  accW: Hex | Uint8Array
  chainId: bigint
  mc: Address
  /** SECRET: the padded plaintext. */
  plaintext: Uint8Array
}

/** Seals one blob per P5 and returns the sealed blob bytes (header ‖ ciphertext ‖ tag). */
export function sealBlob(parameters: SealBlobParameters): Uint8Array {
  const { key, kind, program, page, chainId, mc, plaintext } = parameters
  assertKind(kind, 'kind')
  const keyVersion = toKeyVersion(parameters.keyVersion, 'keyVersion')
  const accW =
    typeof parameters.accW === 'string' ? parameters.accW : bytesToHex(bytes32(parameters.accW, 'accW'))
  const nonce = sealNonce(program, kind, page, accW)
  const aad = sealAad(chainId, mc, program, kind, page, keyVersion)
  return sealBlobWith({ key, kind, keyVersion, nonce, aad, plaintext })
}

export type SealBlobWithParameters = {
  /** SECRET (32 bytes). */
  key: Uint8Array
  kind: BlobKind
  keyVersion: bigint | number
  /** P5 nonce, already built (12 bytes). */
  nonce: Uint8Array
  /** P5 aad, already built. */
  aad: Uint8Array
  /** SECRET: the padded plaintext. */
  plaintext: Uint8Array
}

/** Low-level form of `sealBlob` for callers that built the nonce and aad (e.g. protocol's builders). */
export function sealBlobWith(parameters: SealBlobWithParameters): Uint8Array {
  const { key, kind, nonce, aad, plaintext } = parameters
  assertKind(kind, 'kind')
  const keyVersion = toKeyVersion(parameters.keyVersion, 'keyVersion')
  abytes(nonce, SIV_NONCE_LENGTH, 'nonce')
  return encodeSealedBlob({ kind, keyVersion, nonce, ciphertext: sealSiv({ key, nonce, aad, plaintext }) })
}

/** `u32 keyVersion` as a number; RangeError naming `name` when it does not fit. */
function toKeyVersion(value: bigint | number, name: string): number {
  return Number(assertUint(value, 32, name))
}

/** The public header of a sealed blob (protocol's `SealedBlob`). */
export type SealedBlobHeader = SealedBlob

/**
 * Parses the public header of a sealed blob, so a reader can pick the key for its version
 * (protocol's `parseSealedBlob`). A wrong version byte throws PROTOCOL_UNSUPPORTED_VERSION; a
 * blob too short for a header and a tag, or of an unknown kind, throws PROTOCOL_MALFORMED (faults:
 * the blob passed the storage hash check, D5).
 */
export function parseSealedBlobHeader(blob: Uint8Array): SealedBlobHeader {
  abytes(blob, undefined, 'blob')
  return parseSealedBlob(blob)
}

export type OpenBlobParameters = {
  /** SECRET (32 bytes): the key for `expected.keyVersion`, or for the header's version. */
  key: Uint8Array
  expected: {
    kind: BlobKind
    /** When given, the header must carry this version; when absent, the header's is used (the AAD binds it). */
    keyVersion?: bigint | number | undefined
    program: Address
    page: bigint
    chainId: bigint
    mc: Address
  }
  blob: Uint8Array
}

/**
 * Opens a sealed blob: checks the header's kind (and version, when expected), then opens with
 * the AAD computed from `expected`. Any mismatch throws ENCLAVE_SEAL_OPEN_FAILED with public
 * details only. Returns the SECRET padded plaintext.
 */
export function openBlob(parameters: OpenBlobParameters): Uint8Array {
  const { key, expected, blob } = parameters
  assertKind(expected.kind, 'expected.kind')
  const header = parseSealedBlobHeader(blob)
  const where = `program ${expected.program} kind ${expected.kind} page ${expected.page}`
  if (header.kind !== expected.kind)
    throw new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Sealed data did not open.', {
      details: `${where}: header kind ${header.kind}`,
    })
  if (
    expected.keyVersion !== undefined &&
    header.keyVersion !== toKeyVersion(expected.keyVersion, 'expected.keyVersion')
  )
    throw new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Sealed data did not open.', {
      details: `${where}: header key version ${header.keyVersion}, expected ${expected.keyVersion}`,
    })
  const aad = sealAad(
    expected.chainId,
    expected.mc,
    expected.program,
    expected.kind,
    expected.page,
    header.keyVersion,
  )
  return openSiv({ key, nonce: header.nonce, aad, ciphertext: header.ciphertext, what: where })
}

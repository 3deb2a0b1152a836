/**
 * Nonce and AAD of a sealed blob (P5, D4 "At rest"). The nonce is derived from `acc_w`, the
 * accumulator after the last request that changed the blob's plaintext, so the same plaintext
 * change yields the same blob however blocks were batched, and two different plaintexts of one
 * (program, kind, page) never share a nonce under one key.
 */
import { type Address, concat, type Hex, keccak256 } from 'viem'
import type { BlobKind } from '../constants/blobKinds.js'
import { addressBytes } from '../encoding/addressBytes.js'
import { bytes32 } from '../encoding/fixedBytes.js'
import { u8, u32, u256 } from '../encoding/uintBytes.js'
import { SIV_NONCE_LENGTH } from '../envelope/resultKey.js'

/** `nonce = keccak(program ‖ u8 kind ‖ u256 page ‖ acc_w)[0:12]`; `page` is 0 except for pages. */
export function sealNonce(program: Address, kind: BlobKind, page: bigint, accW: Hex): Uint8Array {
  const input = concat([
    addressBytes(program, 'program'),
    u8(kind, 'kind'),
    u256(page, 'page'),
    bytes32(accW, 'accW'),
  ])
  return keccak256(input, 'bytes').slice(0, SIV_NONCE_LENGTH)
}

/** `aad = u256 chainId ‖ MC ‖ program ‖ u8 kind ‖ u256 page ‖ u32 keyVersion`. */
export function sealAad(
  chainId: bigint | number,
  mc: Address,
  program: Address,
  kind: BlobKind,
  page: bigint,
  keyVersion: number,
): Uint8Array {
  return concat([
    u256(chainId, 'chainId'),
    addressBytes(mc, 'mc'),
    addressBytes(program, 'program'),
    u8(kind, 'kind'),
    u256(page, 'page'),
    u32(keyVersion, 'keyVersion'),
  ])
}

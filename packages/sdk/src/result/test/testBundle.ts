/**
 * Test helper: a results bundle sealed the way the enclave seals one (P4), from plain results,
 * so the SDK's bundle selection and decryption can be tested without an enclave. AES-GCM-SIV
 * from @noble/ciphers with protocol's key, nonce and aad derivations: no primitive of our own.
 */
import { gcmsiv } from '@noble/ciphers/aes.js'
import {
  type BundleEntry,
  bundleEntryStatus,
  encodeResultsBundle,
  encodeResultV1,
  padToBucket,
  type ResultV1,
  resultAad,
  resultKey,
  resultNonce,
} from '@racetee/protocol'
import { type Address, type Hex, keccak256, numberToHex } from 'viem'

export type TestBundleEntry = {
  seq: bigint
  program: Address
  /** Sealed under this resultBase; absent means an `envelopeInvalid` entry. */
  result?: { resultBase: Uint8Array; value: ResultV1 }
}

export function testBundle(chainId: bigint, mc: Address, entries: readonly TestBundleEntry[]): Uint8Array {
  const rows: BundleEntry[] = entries.map(({ seq, program, result }) => {
    const acc: Hex = keccak256(numberToHex(seq, { size: 8 }))
    if (!result)
      return { seq, acc, program, status: bundleEntryStatus.envelopeInvalid, sealed: new Uint8Array() }
    const sealed = gcmsiv(
      resultKey(result.resultBase, seq, acc),
      resultNonce(seq, acc),
      resultAad(chainId, mc, program, seq),
    ).encrypt(padToBucket(encodeResultV1(result.value), 128, Number.POSITIVE_INFINITY))
    return { seq, acc, program, status: bundleEntryStatus.sealed, sealed }
  })
  return encodeResultsBundle(rows)
}

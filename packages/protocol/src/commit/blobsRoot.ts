/**
 * `blobsRoot = keccak(h_1 ‖ … ‖ h_n)` over the ascending, de-duplicated hashes of every blob a
 * batch wrote (P6, D6). Sorting here means callers cannot get the order wrong; an empty list
 * hashes to `keccak("")`.
 */
import { concat, type Hex, keccak256 } from 'viem'
import { compareHex } from '../encoding/compareHex.js'
import { bytes32 } from '../encoding/fixedBytes.js'

export function blobsRoot(hashes: readonly Hex[]): Hex {
  return keccak256(concat(canonicalBlobHashes(hashes)))
}

/** The hashes lower-cased, ascending, without duplicates. */
export function canonicalBlobHashes(hashes: readonly Hex[]): Hex[] {
  hashes.forEach((h, i) => {
    bytes32(h, `hashes[${i}]`)
  })
  const sorted = hashes.map((h) => h.toLowerCase() as Hex).sort(compareHex)
  return sorted.filter((h, i) => i === 0 || h !== sorted[i - 1])
}

import { type Address, bytesToHex, encodeAbiParameters, type Hex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { bundleEntryStatus } from '../constants/resultStatus.js'
import { type BundleEntry, decodeResultsBundle, encodeResultsBundle } from './resultsBundle.js'

const referenceAbi = [
  {
    type: 'tuple[]',
    components: [
      { name: 'seq', type: 'uint64' },
      { name: 'acc', type: 'bytes32' },
      { name: 'program', type: 'address' },
      { name: 'status', type: 'uint8' },
      { name: 'sealed', type: 'bytes' },
    ],
  },
] as const

function reference(entries: readonly BundleEntry[]): Uint8Array {
  const rows = entries.map((e) => ({ ...e, sealed: bytesToHex(e.sealed) }))
  return Uint8Array.of(1, ...hexToBytes(encodeAbiParameters(referenceAbi, [rows])))
}

function entriesOf(count: number, seed: number): BundleEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const invalid = (i + seed) % 3 === 0
    const hex = (n: number, len: number) =>
      `0x${(n * 2654435761 + len)
        .toString(16)
        .padStart(len * 2, '0')
        .slice(-len * 2)}`
    return {
      seq: BigInt(seed * 100 + i + 1),
      acc: hex(seed + i, 32) as Hex,
      program: hex(seed * 7 + i, 20) as Address,
      status: invalid ? bundleEntryStatus.envelopeInvalid : bundleEntryStatus.sealed,
      sealed: invalid
        ? new Uint8Array()
        : Uint8Array.from({ length: 16 + ((i * 37 + seed) % 90) }, (_, j) => j ^ i),
    }
  })
}

describe('encodeResultsBundle', () => {
  it('writes the bytes viem encodes, for empty, sealed and envelopeInvalid entries', () => {
    for (const [count, seed] of [
      [0, 0],
      [1, 1],
      [1, 3],
      [7, 2],
      [40, 5],
    ] as const) {
      const entries = entriesOf(count, seed)
      const bundle = encodeResultsBundle(entries)
      expect(bytesToHex(bundle)).toBe(bytesToHex(reference(entries)))
      expect(decodeResultsBundle(bundle).map((e) => e.sealed)).toEqual(entries.map((e) => e.sealed))
    }
  })

  it('error: an acc that is not 32 bytes or a seq above u64 is refused by name', () => {
    const [entry] = entriesOf(1, 1)
    expect(() => encodeResultsBundle([{ ...entry!, acc: '0x12' }])).toThrow(/acc/)
    expect(() => encodeResultsBundle([{ ...entry!, seq: 2n ** 64n }])).toThrow(/seq/)
  })
})

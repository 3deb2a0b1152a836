import { type Address, bytesToHex, encodeAbiParameters, type Hex, hexToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { type ResultStatus, resultStatus } from '../constants/resultStatus.js'
import { decodeResultV1, encodeResultV1, type ResultV1 } from './resultV1.js'

/** The ABI of P4's ResultV1, encoded by viem: the reference the word writer must match. */
const referenceAbi = [
  { type: 'uint8' },
  { type: 'uint64' },
  { type: 'bytes' },
  {
    type: 'tuple[]',
    components: [
      { name: 'emitter', type: 'address' },
      { name: 'topics', type: 'bytes32[]' },
      { name: 'data', type: 'bytes' },
    ],
  },
] as const

function reference(result: ResultV1): Uint8Array {
  const logs = result.logs.map((l) => ({ emitter: l.address, topics: l.topics, data: l.data }))
  const hex = encodeAbiParameters(referenceAbi, [
    result.status,
    result.gasUsed,
    bytesToHex(result.returnData),
    logs,
  ])
  return Uint8Array.of(1, ...hexToBytes(hex))
}

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function bytesOf(seed: number, length: number): Uint8Array {
  let x = seed * 2654435761
  return Uint8Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) >>> 0
    return x >>> 24
  })
}

function randomResult(seed: number): ResultV1 {
  const statuses = Object.values(resultStatus) as ResultStatus[]
  return {
    status: statuses[seed % statuses.length]!,
    gasUsed: BigInt(seed) * 1_000_003n,
    returnData: bytesOf(seed, (seed * 7) % 70),
    logs: Array.from({ length: seed % 4 }, (_, i) => ({
      address: bytesToHex(bytesOf(seed + i, 20)) as Address,
      topics: Array.from({ length: (seed + i) % 5 }, (_, j) => bytesToHex(bytesOf(seed * 31 + j, 32)) as Hex),
      data: bytesToHex(bytesOf(seed + 100 * i, (seed * 13 + i) % 97)),
    })),
  }
}

describe('encodeResultV1', () => {
  it('writes the bytes viem encodes, for results with and without logs, topics and data', () => {
    for (let seed = 0; seed < 60; seed++) {
      const result = randomResult(seed)
      const encoded = encodeResultV1(result)
      expect(bytesToHex(encoded)).toBe(bytesToHex(reference(result)))
      expect(decodeResultV1(encoded).returnData).toEqual(result.returnData)
    }
  })

  it('error: a topic that is not 32 bytes or a status out of range is refused by name', () => {
    const result = randomResult(5)
    const badTopic = { ...result, logs: [{ ...result.logs[0]!, topics: ['0x1234' as Hex] }] }
    expect(() => encodeResultV1(badTopic)).toThrow(/topics\[0\]/)
    expect(() => encodeResultV1({ ...result, status: 256 as ResultStatus })).toThrow(/status/)
  })
})

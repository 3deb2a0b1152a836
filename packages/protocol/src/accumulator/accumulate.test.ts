import { encodeAbiParameters, keccak256, zeroAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { accumulate } from './accumulate.js'
import { accumulatorEntryHash } from './accumulatorEntryHash.js'
import { accumulatorGenesis } from './accumulatorGenesis.js'
import type { RequestEntry } from './requestEntry.js'

const mc = '0x1111111111111111111111111111111111111111'
const entry: RequestEntry = {
  seq: 1n,
  blockNumber: 10n,
  timestamp: 1_700_000_000n,
  parentHash: `0x${'ab'.repeat(32)}`,
  kind: 1,
  program: '0x2222222222222222222222222222222222222222',
  caller: '0x3333333333333333333333333333333333333333',
  epoch: 0n,
  gasLimit: 100_000n,
  payloadHash: keccak256('0x01'),
}

describe('accumulate', () => {
  it('folds an entry into the accumulator as keccak(abi(acc, entry))', () => {
    const acc0 = accumulatorGenesis(31337, mc)
    const entryHash = accumulatorEntryHash(entry)
    const expected = keccak256(
      encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [acc0, entryHash]),
    )
    expect(accumulate(acc0, entry)).toBe(expected)
    expect(accumulate(acc0, entryHash)).toBe(expected)
  })

  it('behavior: order matters', () => {
    const acc0 = accumulatorGenesis(31337, mc)
    const second = { ...entry, seq: 2n, caller: zeroAddress }
    expect(accumulate(accumulate(acc0, entry), second)).not.toBe(accumulate(accumulate(acc0, second), entry))
  })

  it('behavior: genesis differs per chain and per MC', () => {
    expect(accumulatorGenesis(1, mc)).not.toBe(accumulatorGenesis(31337, mc))
    expect(accumulatorGenesis(31337, zeroAddress)).not.toBe(accumulatorGenesis(31337, mc))
  })

  it('error: a malformed accumulator is a TypeError or RangeError naming it', () => {
    expect(() => accumulate('0x1234', entry)).toThrow(/acc/)
  })
})

describe('accumulatorEntryHash', () => {
  it('hashes the ten fields in P2 order', () => {
    const manual = keccak256(
      encodeAbiParameters(
        [
          { type: 'uint64' },
          { type: 'uint64' },
          { type: 'uint64' },
          { type: 'bytes32' },
          { type: 'uint8' },
          { type: 'address' },
          { type: 'address' },
          { type: 'uint64' },
          { type: 'uint64' },
          { type: 'bytes32' },
        ],
        [
          entry.seq,
          entry.blockNumber,
          entry.timestamp,
          entry.parentHash,
          entry.kind,
          entry.program,
          entry.caller,
          entry.epoch,
          entry.gasLimit,
          entry.payloadHash,
        ],
      ),
    )
    expect(accumulatorEntryHash(entry)).toBe(manual)
  })

  it('error: a seq beyond uint64 is a RangeError naming entry.seq', () => {
    expect(() => accumulatorEntryHash({ ...entry, seq: 1n << 64n })).toThrow(RangeError)
    expect(() => accumulatorEntryHash({ ...entry, seq: 1n << 64n })).toThrow(/entry\.seq/)
  })

  it('error: a short payloadHash is a RangeError naming it', () => {
    expect(() => accumulatorEntryHash({ ...entry, payloadHash: '0x00' })).toThrow(/entry\.payloadHash/)
  })
})

import { isRaceteeError, type ResultLog, resultStatus } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { openBundleResult } from './openBundleResult.js'
import { testBundle } from './test/testBundle.js'

const chainId = 31337n
const mc = '0x1111111111111111111111111111111111111111'
const program = '0x2222222222222222222222222222222222222222'
const other = '0x3333333333333333333333333333333333333333'
const mine = new Uint8Array(32).fill(7)
const theirs = new Uint8Array(32).fill(8)
const log: ResultLog = {
  address: program,
  topics: [`0x${'01'.repeat(32)}` as const],
  data: '0xbeef' as const,
}

const bundle = testBundle(chainId, mc, [
  {
    seq: 4n,
    program,
    result: {
      resultBase: theirs,
      value: { status: 0, gasUsed: 1n, returnData: new Uint8Array([9]), logs: [] },
    },
  },
  {
    seq: 5n,
    program,
    result: {
      resultBase: mine,
      value: {
        status: resultStatus.success,
        gasUsed: 51_234n,
        returnData: new Uint8Array([0, 1]),
        logs: [log],
      },
    },
  },
  {
    seq: 6n,
    program: other,
    result: {
      resultBase: mine,
      value: { status: resultStatus.reverted, gasUsed: 2n, returnData: new Uint8Array([0xaa]), logs: [] },
    },
  },
  { seq: 7n, program },
])

describe('openBundleResult', () => {
  it('finds the entry of its seq among others and opens it with its own resultBase', () => {
    expect(openBundleResult({ bundle, seq: 5n, program, chainId, mc, resultBase: mine })).toEqual({
      status: 'success',
      gasUsed: 51_234n,
      returnData: '0x0001',
      logs: [log],
    })
  })

  it('behavior: a non-success outcome is data: the status name, gas and revert data', () => {
    expect(openBundleResult({ bundle, seq: 6n, program: other, chainId, mc, resultBase: mine })).toEqual({
      status: 'reverted',
      gasUsed: 2n,
      returnData: '0xaa',
      logs: [],
    })
  })

  it('behavior: an envelopeInvalid entry is the public status with no result', () => {
    expect(openBundleResult({ bundle, seq: 7n, program, chainId, mc, resultBase: mine })).toEqual({
      status: 'envelopeInvalid',
      gasUsed: 0n,
      returnData: '0x',
      logs: [],
    })
  })

  it('error: a seq the bundle lacks, or an entry for another program, is SDK_RESULT_UNAVAILABLE', () => {
    for (const [seq, who] of [
      [8n, program],
      [5n, other],
    ] as const) {
      const err = (() => {
        try {
          return openBundleResult({ bundle, seq, program: who, chainId, mc, resultBase: mine })
        } catch (e) {
          return e
        }
      })()
      expect(isRaceteeError(err, 'SDK_RESULT_UNAVAILABLE')).toBe(true)
    }
  })

  it('error: another request’s entry does not open with our secret (PROTOCOL_DECRYPT_FAILED)', () => {
    expect(() => openBundleResult({ bundle, seq: 4n, program, chainId, mc, resultBase: mine })).toThrow(
      expect.objectContaining({ code: 'PROTOCOL_DECRYPT_FAILED' }),
    )
  })
})

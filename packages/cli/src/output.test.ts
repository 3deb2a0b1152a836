import { errorCodes, RaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { createOutput, errorDocument, formatValue, printError, toJsonValue } from './output.js'

function capture() {
  const streams = { out: '', err: '' }
  return {
    streams,
    io: {
      stdout: (t: string) => {
        streams.out += t
      },
      stderr: (t: string) => {
        streams.err += t
      },
    },
  }
}

describe('createOutput', () => {
  it('prints human lines on stdout without --json', () => {
    const { streams, io } = capture()
    const out = createOutput(false, io)
    out.info('starting')
    out.result({ value: 1n }, ['value 1'])
    expect(streams.out).toBe('starting\nvalue 1\n')
    expect(streams.err).toBe('')
  })

  it('behavior: under --json stdout holds exactly one JSON document, progress goes to stderr', () => {
    const { streams, io } = capture()
    const out = createOutput(true, io)
    out.info('starting')
    out.result({ value: 2n ** 200n, nested: [{ gas: 5n }], skipped: undefined }, ['ignored'])
    expect(streams.err).toBe('starting\n')
    expect(JSON.parse(streams.out)).toEqual({ value: (2n ** 200n).toString(), nested: [{ gas: '5' }] })
  })
})

describe('toJsonValue', () => {
  it('turns bigints into decimal strings and bytes into hex', () => {
    expect(toJsonValue({ a: [1n, new Uint8Array([1, 255])], m: new Map([['k', -3n]]) })).toEqual({
      a: ['1', '0x01ff'],
      m: { k: '-3' },
    })
  })
})

describe('formatValue', () => {
  it('prints integers in decimal and structures as compact JSON', () => {
    expect(formatValue(10n ** 30n)).toBe('1000000000000000000000000000000')
    expect(formatValue(true)).toBe('true')
    expect(formatValue([1n, 'x'])).toBe('["1","x"]')
    expect(formatValue(undefined)).toBe('(none)')
  })
})

describe('printError', () => {
  it('prints code, message and details of a RaceteeError on stderr', () => {
    const { streams, io } = capture()
    printError(new RaceteeError(errorCodes.CLI_NO_FUNDS, 'No money.', { details: 'needs 1 ETH' }), false, io)
    expect(streams.err).toBe('error CLI_NO_FUNDS: No money.\n  needs 1 ETH\n')
    expect(streams.out).toBe('')
  })

  it('behavior: under --json the error is the one document on stdout', () => {
    const { streams, io } = capture()
    printError(new RaceteeError(errorCodes.CLI_WRONG_CHAIN, 'Other chain.'), true, io)
    expect(JSON.parse(streams.out)).toEqual({ error: { code: 'CLI_WRONG_CHAIN', message: 'Other chain.' } })
  })

  it("behavior: a library's error keeps only its first line", () => {
    expect(errorDocument(new TypeError('first\nsecond with data 0xabc'))).toEqual({
      code: 'CLI_INTERNAL',
      message: 'first',
    })
  })
})

import { confidentialErc20Abi, errorCodes, isRaceteeError } from '@racetee/protocol'
import { type Abi, type AbiParameter, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { coerceArgs, constructorInputs, findFunction, signatureOf } from './abiArgs.js'

const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const p = (type: string, name = '', components?: AbiParameter[]): AbiParameter =>
  ({ type, name, ...(components ? { components } : {}) }) as AbiParameter

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return isRaceteeError(err) ? err.code : `not a RaceteeError: ${String(err)}`
  }
  return undefined
}

describe('coerceArgs', () => {
  it('turns words into the values viem encodes for each ABI type', () => {
    const inputs = [
      p('address', 'to'),
      p('uint256', 'amount'),
      p('int8', 'delta'),
      p('bool'),
      p('bytes4'),
      p('bytes'),
      p('string'),
      p('uint64[]'),
      p('tuple', 'pair', [p('address', 'a'), p('uint8', 'b')]),
    ]
    const words = [
      alice.toLowerCase(),
      '0x10',
      '-128',
      'true',
      '0xDEADBEEF',
      '0x',
      'hello world',
      '[1, "2", "0x3"]',
      `{"a": "${alice}", "b": 255}`,
    ]
    expect(coerceArgs(inputs, words, 'f')).toEqual([
      alice,
      16n,
      -128n,
      true,
      '0xdeadbeef',
      '0x',
      'hello world',
      [1n, 2n, 3n],
      [alice, 255n],
    ])
  })

  it('behavior: tuples also take a JSON array, fixed arrays their exact length', () => {
    const inputs = [p('tuple', 't', [p('bool', 'x'), p('string', 'y')]), p('address[2]')]
    expect(coerceArgs(inputs, ['[false, "z"]', `["${alice}", "${alice}"]`], 'f')).toEqual([
      [false, 'z'],
      [alice, alice],
    ])
  })

  it('error: a value outside its integer range is CLI_BAD_ARGUMENT', () => {
    expect(codeOf(() => coerceArgs([p('uint8')], ['256'], 'f'))).toBe(errorCodes.CLI_BAD_ARGUMENT)
    expect(codeOf(() => coerceArgs([p('uint256')], ['-1'], 'f'))).toBe(errorCodes.CLI_BAD_ARGUMENT)
    expect(codeOf(() => coerceArgs([p('int8')], ['128'], 'f'))).toBe(errorCodes.CLI_BAD_ARGUMENT)
    expect(codeOf(() => coerceArgs([p('uint256')], ['1.5'], 'f'))).toBe(errorCodes.CLI_BAD_ARGUMENT)
  })

  it('error: malformed values name the argument and its type, never the value', () => {
    const secret = 'notanaddress-7f3a9c'
    try {
      coerceArgs([p('address', 'to'), p('uint256', 'amount')], [secret, '1'], 'transfer(address,uint256)')
      expect.unreachable()
    } catch (err) {
      expect(isRaceteeError(err, errorCodes.CLI_BAD_ARGUMENT)).toBe(true)
      const text = String((err as Error).message)
      expect(text).toContain('argument 1 (to) of transfer(address,uint256)')
      expect(text).toContain('expected address')
      expect(text).not.toContain(secret)
    }
    for (const [type, word] of [
      ['bool', 'yes'],
      ['bytes4', '0xdead'],
      ['bytes', '0xabc'],
      ['uint64[]', 'not json'],
      ['uint64[2]', '[1]'],
    ] as const)
      expect(
        codeOf(() => coerceArgs([p(type)], [word], 'f')),
        type,
      ).toBe(errorCodes.CLI_BAD_ARGUMENT)
  })

  it('error: the wrong number of arguments says how many the function takes', () => {
    try {
      coerceArgs([p('address'), p('uint256')], ['1'], 'transfer')
      expect.unreachable()
    } catch (err) {
      expect(isRaceteeError(err, errorCodes.CLI_BAD_ARGUMENT)).toBe(true)
      expect((err as Error).message).toContain('transfer takes 2 (address, uint256), got 1')
    }
  })
})

describe('findFunction', () => {
  const overloaded = parseAbi([
    'function f(uint256) returns (uint256)',
    'function f(uint256, bool) returns (uint256)',
    'function g((address a, uint8 b)[] xs)',
  ]) as Abi

  it('finds a function by name', () => {
    expect(signatureOf(findFunction(confidentialErc20Abi, 'transfer', 2))).toBe('transfer(address,uint256)')
  })

  it('behavior: an overload is chosen by signature or by argument count', () => {
    expect(findFunction(overloaded, 'f(uint256,bool)', 0).inputs).toHaveLength(2)
    expect(findFunction(overloaded, 'f', 1).inputs).toHaveLength(1)
    expect(signatureOf(findFunction(overloaded, 'g', 1))).toBe('g((address,uint8)[])')
  })

  it('error: an unknown function is CLI_UNKNOWN_FUNCTION listing what exists', () => {
    try {
      findFunction(confidentialErc20Abi, 'mint', 2)
      expect.unreachable()
    } catch (err) {
      expect(isRaceteeError(err, errorCodes.CLI_UNKNOWN_FUNCTION)).toBe(true)
      expect((err as Error).message).toContain('balanceOf(address)')
    }
  })

  it('error: an overload that the count cannot tell apart must be named by signature', () => {
    const ambiguous = parseAbi(['function h(uint256)', 'function h(address)']) as Abi
    expect(codeOf(() => findFunction(ambiguous, 'h', 1))).toBe(errorCodes.CLI_UNKNOWN_FUNCTION)
  })
})

describe('constructorInputs', () => {
  it("returns the constructor's inputs, or none", () => {
    expect(
      constructorInputs(parseAbi(['constructor(string name, uint256 supply)'])).map((i) => i.type),
    ).toEqual(['string', 'uint256'])
    expect(constructorInputs(parseAbi(['function f()']))).toEqual([])
  })
})

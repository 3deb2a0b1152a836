import { describe, expect, it } from 'vitest'
import * as engine from './index.js'

describe('@racetee/engine exports', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(engine).sort()).toEqual([
      'EvmEngine',
      'INITCODE_WORD_GAS',
      'JS_DISPATCHER_ADDRESS',
      'JS_STUB_HEX',
      'TX_GAS_LIMIT_CAP',
      'intrinsicGas',
      'jsInitCode',
      'jsProgramCode',
      'jsSourceOf',
      'minimumGasLimit',
      'settleGas',
    ])
  })
})

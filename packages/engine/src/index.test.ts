import { describe, expect, it } from 'vitest'
import * as engine from './index.js'

describe('@racetee/engine exports', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(engine).sort()).toEqual([
      'EvmEngine',
      'INITCODE_WORD_GAS',
      'TX_GAS_LIMIT_CAP',
      'intrinsicGas',
      'minimumGasLimit',
      'settleGas',
    ])
  })
})

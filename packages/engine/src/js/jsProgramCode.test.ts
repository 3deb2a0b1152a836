import { describe, expect, it } from 'vitest'
import { JS_STUB_HEX, jsInitCode, jsProgramCode, jsSourceOf } from './jsProgramCode.js'

describe('jsProgramCode', () => {
  it('puts the source after the stub and gives it back', () => {
    const code = jsProgramCode('export const abi = [] // é')
    expect(code.length).toBeGreaterThan(70)
    expect(jsSourceOf(code)).toBe('export const abi = [] // é')
    expect(JS_STUB_HEX).toMatch(/^0x365f5f37/)
  })

  it('behavior: init code returns exactly the runtime code (CODECOPY after a 12-byte prefix)', () => {
    const init = jsInitCode('x')
    expect(init.subarray(12)).toEqual(jsProgramCode('x'))
  })

  it('error: code that is not a JS program has no source', () => {
    expect(jsSourceOf(new Uint8Array([0x60, 0x00]))).toBeNull()
    const code = jsProgramCode('ok')
    code[5] = code[5]! ^ 1
    expect(jsSourceOf(code)).toBeNull()
    expect(jsSourceOf(new Uint8Array([...jsProgramCode(''), 0xff]))).toBeNull() // not UTF-8
  })
})

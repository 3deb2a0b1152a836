import { resultStatus } from '@racetee/protocol'
import { bytesToHex, decodeFunctionResult, encodeFunctionData, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { engineWithJs } from './test/engineWithJs.js'

const COUNTER: Hex = '0x00000000000000000000000000000000000c0001'
const abi = parseAbi([
  'function add(uint256 a, uint256 b) returns (uint256)',
  'function bump() returns (uint256)',
  'function env() view returns (string)',
  'function spin() returns (uint256)',
  'function hog() returns (uint256)',
  'function caughtSpin() returns (uint256)',
  'function deep() returns (uint256)',
  'function caughtDeep() returns (string)',
])

const counter = `
export const abi = ${JSON.stringify(abi.map((f) => ({ ...f, inputs: [...f.inputs], outputs: [...f.outputs] })))}
export function add(a, b) { return a + b }
export async function bump() {
  const n = (await racetee.state.get('count')) + 1n
  await racetee.state.set('count', n)
  return n
}
export function env() {
  return [typeof Date, typeof Math.random, typeof WeakRef, typeof FinalizationRegistry, racetee.sender].join(',')
}
export function spin() { for (;;) {} }
export function hog() { const a = []; for (;;) a.push(new Array(65536).fill(a.length)) }
export function caughtSpin() { try { for (;;) {} } catch (e) { return 1n } }
function down(n) { return [n].map((x) => down(x + 1))[0] }
export function deep() { return BigInt(down(0)) }
export function caughtDeep() { try { down(0) } catch (e) { return e.name + ': ' + e.message } }
`

const data = (name: (typeof abi)[number]['name'], args: readonly bigint[] = []) =>
  encodeFunctionData({ abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0])

describe('EvmEngine with JS programs', () => {
  it('deploys a JS program and calls it with the Solidity ABI, state kept across requests', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    const sum = await call(COUNTER, data('add', [2n, 40n]))
    expect(sum.status).toBe(resultStatus.success)
    expect(decodeFunctionResult({ abi, functionName: 'add', data: bytesToHex(sum.returnData) })).toBe(42n)
    expect((await call(COUNTER, data('bump'))).status).toBe(resultStatus.success)
    const second = await call(COUNTER, data('bump'))
    expect(decodeFunctionResult({ abi, functionName: 'bump', data: bytesToHex(second.returnData) })).toBe(2n)
  })

  it('behavior: no clock, randomness or weak references; msg.sender is the caller', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    const out = await call(COUNTER, data('env'))
    expect(decodeFunctionResult({ abi, functionName: 'env', data: bytesToHex(out.returnData) })).toBe(
      'undefined,undefined,undefined,undefined,0x00000000000000000000000000000000000a11ce',
    )
  })

  it('behavior: a runaway loop ends out of gas within its gas limit, and the engine goes on', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    const spun = await call(COUNTER, data('spin'), 2_000_000n)
    expect(spun).toMatchObject({ status: resultStatus.outOfGas, gasUsed: 2_000_000n })
    const caught = await call(COUNTER, data('caughtSpin'), 2_000_000n)
    expect(caught).toMatchObject({ status: resultStatus.outOfGas, gasUsed: 2_000_000n })
    expect((await call(COUNTER, data('add', [1n, 1n]))).status).toBe(resultStatus.success)
  })

  it('behavior: a runaway allocation ends at the memory cap (sandboxLimit), and the engine goes on', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    const hogged = await call(COUNTER, data('hog'), 16_000_000n)
    expect(hogged).toMatchObject({ status: resultStatus.sandboxLimit, gasUsed: 16_000_000n })
    expect((await call(COUNTER, data('bump'))).status).toBe(resultStatus.success)
  })

  it('behavior: runaway recursion ends at the stack cap (sandboxLimit) unless caught, and the engine goes on', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    const deep = await call(COUNTER, data('deep'), 16_000_000n)
    expect(deep).toMatchObject({ status: resultStatus.sandboxLimit, gasUsed: 16_000_000n })
    const caught = await call(COUNTER, data('caughtDeep'), 16_000_000n)
    expect(caught.status).toBe(resultStatus.success)
    expect(
      decodeFunctionResult({ abi, functionName: 'caughtDeep', data: bytesToHex(caught.returnData) }),
    ).toBe('InternalError: stack overflow')
    expect((await call(COUNTER, data('bump'))).status).toBe(resultStatus.success)
  })

  it('behavior: the same request over the same state uses the same gas', async () => {
    const a = await engineWithJs({ [COUNTER]: counter })
    const b = await engineWithJs({ [COUNTER]: counter })
    const x = await a.call(COUNTER, data('bump'))
    const y = await b.call(COUNTER, data('bump'))
    expect(x.gasUsed).toBe(y.gasUsed)
    expect(x.gasUsed).toBeGreaterThan(21_000n)
  })

  it('error: calldata that selects no declared function reverts', async () => {
    const { call } = await engineWithJs({ [COUNTER]: counter })
    expect((await call(COUNTER, '0xdeadbeef')).status).toBe(resultStatus.reverted)
  })
})

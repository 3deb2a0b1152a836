/**
 * D5 "Faults are not outcomes" seen from the other side: nothing a JS program does may become a
 * fault, or one user could stop every executor's round. Each hostile program here ends in an
 * outcome (a result status) that every enclave computes alike, and the engine goes on.
 * Runs with V8's stack at 3.8 MB, as the enclave process does (vitest.config.ts, executor's
 * simulationProvider): natively recursive built-ins then meet QuickJS's own stack cap first.
 */
import { resultStatus } from '@racetee/protocol'
import { encodeFunctionData, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { engineWithJs } from './test/engineWithJs.js'

const PROGRAM = '0x00000000000000000000000000000000000d33b0'
const abi = parseAbi(['function go(uint256 n)'])
const program = (body: string) =>
  `export const abi = [{ type: 'function', name: 'go', stateMutability: 'nonpayable', inputs: [{ name: 'n', type: 'uint256' }], outputs: [] }]
export function go(n) { n = Number(n); ${body} }`
const nested = 'let v = 0; for (let i = 0; i < n; i++) v = [v];'

const hostile: Record<string, string> = {
  'String() of a deeply nested array': `${nested} String(v)`,
  'the same, caught': `${nested} try { String(v) } catch {}`,
  'JSON.stringify of a deeply nested array': `${nested} JSON.stringify(v)`,
  'JSON.parse of deeply nested text': "JSON.parse('['.repeat(n) + ']'.repeat(n))",
  'toLocaleString of a deeply nested array': `${nested} v.toLocaleString()`,
  'eval of deeply nested source': "eval('['.repeat(n) + ']'.repeat(n))",
  'the Function constructor': "(function () {}).constructor('return 1')()",
}

describe('hostile JS programs', () => {
  for (const [name, body] of Object.entries(hostile))
    it(`behavior: ${name} ends in a result, not a fault, and the engine goes on`, async () => {
      const { call } = await engineWithJs({ [PROGRAM]: program(body) })
      const data = encodeFunctionData({ abi, functionName: 'go', args: [100_000n] })
      const first = await call(PROGRAM, data, 16_000_000n)
      // A caught stack overflow is the program's own business: it then returns normally.
      const allowed = name.endsWith('caught')
        ? [resultStatus.success]
        : [resultStatus.reverted, resultStatus.sandboxLimit]
      expect(allowed).toContain(first.status)
      // The same request again gives the same outcome: a fresh sandbox where an abort needed one.
      const again = await call(PROGRAM, data, 16_000_000n)
      expect({ status: again.status, gasUsed: again.gasUsed }).toEqual({
        status: first.status,
        gasUsed: first.gasUsed,
      })
      const small = await call(
        PROGRAM,
        encodeFunctionData({ abi, functionName: 'go', args: [10n] }),
        16_000_000n,
      )
      expect(small.status).toBe(
        name.includes('eval') || name.includes('Function') ? resultStatus.reverted : resultStatus.success,
      )
    }, 60_000)

  it('behavior: source nested 5,000 deep fails to load (reverted) instead of overflowing the parser', async () => {
    const source = `export const abi = [{ type: 'function', name: 'go', stateMutability: 'nonpayable', inputs: [{ name: 'n', type: 'uint256' }], outputs: [] }]
export function go(n) { return ${'['.repeat(5_000)}${']'.repeat(5_000)} }`
    const { call } = await engineWithJs({ [PROGRAM]: source })
    const outcome = await call(
      PROGRAM,
      encodeFunctionData({ abi, functionName: 'go', args: [1n] }),
      16_000_000n,
    )
    expect(outcome.status).toBe(resultStatus.reverted)
  })
})

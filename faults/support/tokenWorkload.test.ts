import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import { tokenArgs } from '../../e2e/support/deployConfidentialToken.js'
import { finalReads, planSteps } from './tokenWorkload.js'

const users: Address[] = [
  '0x1000000000000000000000000000000000000001',
  '0x2000000000000000000000000000000000000002',
  '0x3000000000000000000000000000000000000003',
  '0x4000000000000000000000000000000000000004',
]

describe('planSteps', () => {
  test('plans transfers and balance reads from every account, one over the supply', () => {
    const steps = planSteps(users, 0, 24)
    expect(steps).toHaveLength(24)
    expect(new Set(steps.map((s) => s.from))).toEqual(new Set(users))
    expect(new Set(steps.map((s) => s.functionName))).toEqual(new Set(['transfer', 'balanceOf']))
    expect(steps[2]).toMatchObject({
      functionName: 'transfer',
      args: [expect.any(String), tokenArgs[2] + 1n],
    })
    // Nobody sends to itself, and a balance read asks only for the reader's own balance.
    for (const step of steps) {
      if (step.functionName === 'transfer') expect(step.args[0]).not.toBe(step.from)
      else expect(step.args).toEqual([step.from])
    }
    // The deployer, who holds the supply, only pays out.
    expect(steps.filter((s) => s.from === users[0]).every((s) => s.functionName === 'transfer')).toBe(true)
  })

  test('behavior: parts planned from an offset continue the same stream', () => {
    const whole = planSteps(users, 0, 12).map((s) => [s.from, s.functionName, s.args[0]])
    const parts = [...planSteps(users, 0, 4), ...planSteps(users, 4, 8)].map((s) => [
      s.from,
      s.functionName,
      s.args[0],
    ])
    expect(parts).toEqual(whole)
  })

  test('behavior: finalReads has each account read its own balance', () => {
    expect(finalReads(users).map((s) => [s.from, s.functionName, s.args])).toEqual(
      users.map((u) => [u, 'balanceOf', [u]]),
    )
  })

  test('error: fewer than two accounts or a negative count is a RangeError', () => {
    expect(() => planSteps(users.slice(0, 1), 0, 3)).toThrow(RangeError)
    expect(() => planSteps(users, -1, 3)).toThrow(RangeError)
    expect(() => planSteps(users, 0, 1.5)).toThrow(RangeError)
  })
})

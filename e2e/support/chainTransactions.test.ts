import { describe, expect, test } from 'vitest'
import { transactionOf } from './chainTransactions.js'

// chainTransactions itself runs against the devnet in e2e/confidentialToken.test.ts.
describe('transactionOf', () => {
  test('names the transaction of a scanChain finding', () => {
    expect(transactionOf({ where: 'block 12 tx 0 input' })).toBe('block 12 tx 0')
    expect(transactionOf({ where: 'block 7 tx 3 log 2 topic 1' })).toBe('block 7 tx 3')
  })

  test('behavior: tx 1 and tx 10 stay apart', () => {
    expect(transactionOf({ where: 'block 5 tx 10 value' })).not.toBe('block 5 tx 1')
  })

  test('error: a file finding is not a chain location', () => {
    expect(() => transactionOf({ where: '/tmp/devnet/logs/executor-0.log' })).toThrow(TypeError)
  })
})

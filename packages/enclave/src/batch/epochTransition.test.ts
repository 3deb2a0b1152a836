import { requestKinds } from '@racetee/protocol'
import { zeroAddress, zeroHash } from 'viem'
import { describe, expect, test } from 'vitest'
import { requestEpochs, resealDue, retiredEpochs } from './epochTransition.js'
import type { BatchRequest } from './types.js'

const entry = (seq: bigint, kind: number, epoch: bigint): BatchRequest => ({
  seq,
  blockNumber: seq,
  timestamp: 0n,
  parentHash: zeroHash,
  kind,
  program: zeroAddress,
  caller: zeroAddress,
  epoch,
  gasLimit: 0n,
  payload: '0x',
})
const last = (toBlock: bigint) => ({ commitId: zeroHash, toBlock, toSeq: 0n, acc: zeroHash })
const start = { rotationBlock: 10n, gracePeriod: 5n }

describe('requestEpochs', () => {
  test('each request runs in the epoch of the latest rotation before it', () => {
    const requests = [
      entry(1n, requestKinds.call, 2n),
      entry(2n, requestKinds.rotate, 3n),
      entry(3n, requestKinds.call, 2n),
      entry(4n, requestKinds.rotate, 4n),
      entry(5n, requestKinds.call, 4n),
    ]
    expect(requestEpochs(4n, requests)).toEqual([2n, 3n, 3n, 4n, 4n])
    expect(requestEpochs(7n, [entry(1n, requestKinds.call, 7n)])).toEqual([7n])
  })

  test('error: a rotation entry that does not lead to the batch epoch is unproven', () => {
    expect(() => requestEpochs(1n, [entry(1n, requestKinds.rotate, 2n)])).toThrow(
      expect.objectContaining({ code: 'ENCLAVE_BATCH_UNPROVEN' }),
    )
  })
})

describe('resealDue', () => {
  test('only the batch that first covers rotationBlock + G re-seals', () => {
    expect(resealDue({ epoch: 1n, start, last: last(14n), toBlock: 15n })).toBe(true)
    expect(resealDue({ epoch: 1n, start, last: last(3n), toBlock: 20n })).toBe(true)
    expect(resealDue({ epoch: 1n, start, last: last(13n), toBlock: 14n })).toBe(false)
    expect(resealDue({ epoch: 1n, start, last: last(15n), toBlock: 16n })).toBe(false)
  })

  test('behavior: epoch 0 has nothing older to re-seal', () => {
    expect(resealDue({ epoch: 0n, start, last: last(0n), toBlock: 100n })).toBe(false)
  })
})

describe('retiredEpochs', () => {
  test('older epochs go once a commit past the grace end is proven', () => {
    expect(retiredEpochs({ held: [0n, 1n, 2n], epoch: 2n, start, last: last(15n) })).toEqual([0n, 1n])
    expect(retiredEpochs({ held: [1n, 2n], epoch: 2n, start, last: last(14n) })).toEqual([])
  })

  test('behavior: nothing is erased while the current epoch is not held', () => {
    expect(retiredEpochs({ held: [1n], epoch: 2n, start, last: last(100n) })).toEqual([])
  })
})

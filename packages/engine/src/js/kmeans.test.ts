import { resultStatus } from '@racetee/protocol'
import { bytesToHex, decodeFunctionResult, encodeFunctionData, type Hex, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { engineWithJs } from './test/engineWithJs.js'
import { kmeansSource } from './test/kmeansProgram.js'

const KMEANS: Hex = '0x00000000000000000000000000000000000c4ea5'
const abi = parseAbi([
  'function kmeans(uint32 seed, uint32 points, uint32 dims, uint32 k, uint32 iterations) returns (int256[] centroids, uint256[] sizes)',
])

describe('K-Means as a JS program', () => {
  it('computes what the same source computes natively in Node, for a fixed gas', async () => {
    const native = (await import(`data:text/javascript,${encodeURIComponent(kmeansSource)}`)) as {
      kmeans(...args: number[]): [bigint[], bigint[]]
    }
    const expected = native.kmeans(42, 1000, 5, 10, 100)
    const { call } = await engineWithJs({ [KMEANS]: kmeansSource })
    const data = encodeFunctionData({ abi, functionName: 'kmeans', args: [42, 1000, 5, 10, 100] })
    const outcome = await call(KMEANS, data, 16_000_000n)
    expect(outcome.status).toBe(resultStatus.success)
    const [centroids, sizes] = decodeFunctionResult({
      abi,
      functionName: 'kmeans',
      data: bytesToHex(outcome.returnData),
    })
    expect(centroids).toEqual(expected[0])
    expect(sizes).toEqual(expected[1])
    expect(sizes.reduce((a, b) => a + b, 0n)).toBe(1000n)
    // The figure docs/js-programs.md quotes; a change here is a change of the protocol's gas.
    expect(outcome.gasUsed).toMatchInlineSnapshot(`7876425n`)
  })
})

import { encodeFunctionData, getAddress, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { managementContractAbi } from '../abi/managementContractAbi.js'
import type { Commit } from './commitBody.js'
import { parseCommitCalldata } from './parseCommitCalldata.js'

const h = (byte: string) => `0x${byte.repeat(32)}` as Hex
const sig = (byte: string) => `0x${byte.repeat(65)}` as Hex
const commit: Commit = {
  body: {
    prevCommit: h('01'),
    fromBlock: 5n,
    toBlock: 7n,
    toSeq: 3n,
    accAfter: h('02'),
    epoch: 1n,
    reads: [{ program: getAddress('0x00000000000000000000000000000000000000aa'), digest: h('03') }],
    updates: [
      {
        program: getAddress('0x00000000000000000000000000000000000000bb'),
        prevDigest: h('00'),
        newDigest: h('04'),
      },
    ],
    created: [],
    resultsHash: h('05'),
    blobsRoot: h('06'),
  },
  // Decoded addresses come back checksummed, as viem gives them.
  beneficiary: getAddress('0x00000000000000000000000000000000000000cc'),
}

describe('parseCommitCalldata', () => {
  it('reads back the commit, both kinds of signature and the ring hint', () => {
    const input = encodeFunctionData({
      abi: managementContractAbi,
      functionName: 'commit',
      args: [commit, sig('11'), [sig('22'), sig('33')], 9n],
    })
    expect(parseCommitCalldata(input)).toEqual({
      commit,
      executorSignature: sig('11'),
      storageSignatures: [sig('22'), sig('33')],
      ringHint: 9n,
    })
  })

  it('error: another MC function, or input no MC function decodes, is undefined', () => {
    const other = encodeFunctionData({ abi: managementContractAbi, functionName: 'deployBlock' })
    expect(parseCommitCalldata(other)).toBeUndefined()
    expect(parseCommitCalldata('0xdeadbeef')).toBeUndefined()
    expect(parseCommitCalldata('0x')).toBeUndefined()
  })
})

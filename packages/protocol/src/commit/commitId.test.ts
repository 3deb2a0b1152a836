import { concat, encodeAbiParameters, type Hex, keccak256, stringToBytes, zeroHash } from 'viem'
import { describe, expect, it } from 'vitest'
import { raceteeDomain } from '../eip712/types.js'
import type { CommitBody } from './commitBody.js'
import { commitId } from './commitId.js'
import { commitSigningHash } from './commitSigningHash.js'

const domain = raceteeDomain(31337, '0x1111111111111111111111111111111111111111')
const body: CommitBody = {
  prevCommit: zeroHash,
  fromBlock: 1n,
  toBlock: 9n,
  toSeq: 0n,
  accAfter: `0x${'11'.repeat(32)}`,
  epoch: 0n,
  reads: [],
  updates: [],
  created: [],
  resultsHash: `0x${'22'.repeat(32)}`,
  blobsRoot: `0x${'33'.repeat(32)}`,
}

const kh = (s: string) => keccak256(stringToBytes(s))
const arrHash = (items: Hex[]) => keccak256(items.length ? concat(items) : '0x')

describe('commitId', () => {
  it('is the EIP-712 digest of the CommitBody, computed by hand', () => {
    const typeString =
      'CommitBody(bytes32 prevCommit,uint64 fromBlock,uint64 toBlock,uint64 toSeq,bytes32 accAfter,uint64 epoch,ProgramRead[] reads,ProgramUpdate[] updates,ProgramCreated[] created,bytes32 resultsHash,bytes32 blobsRoot)ProgramCreated(address program,address creator,bytes32 digest)ProgramRead(address program,bytes32 digest)ProgramUpdate(address program,bytes32 prevDigest,bytes32 newDigest)'
    const structHash = keccak256(
      encodeAbiParameters(
        [
          'bytes32',
          'bytes32',
          'uint64',
          'uint64',
          'uint64',
          'bytes32',
          'uint64',
          'bytes32',
          'bytes32',
          'bytes32',
          'bytes32',
          'bytes32',
        ].map((type) => ({ type })),
        [
          kh(typeString),
          body.prevCommit,
          body.fromBlock,
          body.toBlock,
          body.toSeq,
          body.accAfter,
          body.epoch,
          arrHash([]),
          arrHash([]),
          arrHash([]),
          body.resultsHash,
          body.blobsRoot,
        ],
      ),
    )
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [
          { type: 'bytes32' },
          { type: 'bytes32' },
          { type: 'bytes32' },
          { type: 'uint256' },
          { type: 'address' },
        ],
        [
          kh('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
          kh('RaceTEE'),
          kh('1'),
          31337n,
          domain.verifyingContract,
        ],
      ),
    )
    expect(commitId(domain, body)).toBe(keccak256(concat(['0x1901', domainSeparator, structHash])))
  })

  it('behavior: the beneficiary changes the signing hash but not the commit id', () => {
    const a = commitSigningHash(domain, { body, beneficiary: '0x4444444444444444444444444444444444444444' })
    const b = commitSigningHash(domain, { body, beneficiary: '0x5555555555555555555555555555555555555555' })
    expect(a).not.toBe(b)
    expect(a).not.toBe(commitId(domain, body))
  })

  it('error: a bad field is rejected by the EIP-712 encoder', () => {
    expect(() => commitId(domain, { ...body, prevCommit: '0x12' })).toThrow()
  })
})

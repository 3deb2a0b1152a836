import {
  accumulate,
  accumulatorEntryHash,
  accumulatorGenesis,
  admissionTypes,
  availabilitySigningHash,
  type Commit,
  commitId,
  commitSigningHash,
  type RequestEntry,
  rotationTypes,
} from '@racetee/protocol'
import { type Hex, hashStruct, hashTypedData, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { read, readHashingProbe, startTestChain, type TestChain } from './support/testChain.js'

// The MC hashes the same layouts as @racetee/protocol (P2, P6, P7): its pure helpers must agree
// with the TypeScript implementation byte for byte.

let t: TestChain

beforeAll(async () => {
  t = await startTestChain({ genesis: false })
})
afterAll(async () => {
  await t?.stop()
})

const h = (label: string) => keccak256(toHex(label))
const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex

const entry: RequestEntry = {
  seq: 7n,
  blockNumber: 123n,
  timestamp: 1_700_000_000n,
  parentHash: h('parent'),
  kind: 1,
  program: a(0xabc),
  caller: a(0xdef),
  epoch: 3n,
  gasLimit: 250_000n,
  payloadHash: h('payload'),
}

const commit: Commit = {
  body: {
    prevCommit: h('prev'),
    fromBlock: 10n,
    toBlock: 20n,
    toSeq: 99n,
    accAfter: h('acc'),
    epoch: 2n,
    reads: [
      { program: a(1), digest: h('r1') },
      { program: a(2), digest: h('r2') },
    ],
    updates: [{ program: a(3), prevDigest: h('u0'), newDigest: h('u1') }],
    created: [{ program: a(4), creator: a(3), digest: h('c1') }],
    resultsHash: h('results'),
    blobsRoot: h('blobs'),
  },
  beneficiary: a(0xbeef),
}

describe('ManagementContract hashing helpers', () => {
  it('accumulator: acc_0, entry hash and fold equal @racetee/protocol (P2)', async () => {
    expect(await read<Hex>(t, 'initialAcc')).toBe(accumulatorGenesis(t.chainId, t.mc))
    const e = entry
    const onChain = await read<Hex>(t, 'accEntryHash', [
      e.seq,
      e.blockNumber,
      e.timestamp,
      e.parentHash,
      e.kind,
      e.program,
      e.caller,
      e.epoch,
      e.gasLimit,
      e.payloadHash,
    ])
    expect(onChain).toBe(accumulatorEntryHash(e))
    expect(await read<Hex>(t, 'accumulate', [h('acc'), onChain])).toBe(accumulate(h('acc'), onChain))
    const max = (1n << 64n) - 1n
    const wide = {
      ...e,
      seq: max,
      blockNumber: max,
      timestamp: max,
      epoch: max,
      gasLimit: max,
      kind: 4 as const,
    }
    expect(
      await read<Hex>(t, 'accEntryHash', [
        max,
        max,
        max,
        e.parentHash,
        4,
        e.program,
        e.caller,
        max,
        max,
        e.payloadHash,
      ]),
    ).toBe(accumulatorEntryHash(wide))
  })

  it('commits: commitId, signing digest and availability digest equal @racetee/protocol (P6)', async () => {
    expect(await read<Hex>(t, 'commitId', [commit.body])).toBe(commitId(t.domain, commit.body))
    expect(await read<Hex>(t, 'commitSigningDigest', [commit])).toBe(commitSigningHash(t.domain, commit))
    const empty = { ...commit.body, reads: [], updates: [], created: [] }
    expect(await read<Hex>(t, 'commitId', [empty])).toBe(commitId(t.domain, empty))
    expect(await read<Hex>(t, 'availabilityDigest', [h('prev'), h('blobs')])).toBe(
      availabilitySigningHash(t.domain, { prevCommit: h('prev'), blobsRoot: h('blobs') }),
    )
  })

  it('admission digest and rotation struct hash equal viem over the protocol types (P7)', async () => {
    const admission = {
      enclave: a(5),
      encryptionKey: h('enc'),
      evidenceHash: h('evidence'),
      registryVersion: 4n,
      epoch: 2n,
      epochSecret: '0x0102' as Hex,
      prevEpochSecret: '0x' as Hex,
    }
    expect(await readHashingProbe<Hex>(t, t.mc, 'admissionDigest', [admission])).toBe(
      hashTypedData({
        domain: t.domain,
        types: admissionTypes,
        primaryType: 'Admission',
        message: admission,
      }),
    )
    const rotation = {
      epoch: 3n,
      requestPublicKey: h('key'),
      registryVersion: 4n,
      grants: [
        { enclave: a(5), sealedSecret: '0xaabb' as Hex },
        { enclave: a(6), sealedSecret: '0x' as Hex },
      ],
    }
    expect(await readHashingProbe<Hex>(t, t.mc, 'rotationStructHash', [rotation])).toBe(
      hashStruct({ types: rotationTypes, primaryType: 'Rotation', data: rotation }),
    )
  })
})

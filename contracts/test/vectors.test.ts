import { readFileSync } from 'node:fs'
import type { Address, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mcAbi, readHashingProbe, startTestChain, type TestChain } from './support/testChain.js'

// The known-answer vectors of packages/protocol (P2, P6, P7), checked against the MC's own
// hashing. They name a fixed MC address, so the compiled MC's runtime code is placed there with
// anvil_setCode: its EIP-712 domain and acc_0 follow address(this).

type Num = number | string
type EntryVector = {
  entry: {
    seq: Num
    blockNumber: Num
    timestamp: Num
    parentHash: Hex
    kind: Num
    program: Address
    caller: Address
    epoch: Num
    gasLimit: Num
    payloadHash: Hex
  }
  entryHash: Hex
  accAfter: Hex
}
type BodyVector = {
  prevCommit: Hex
  fromBlock: Num
  toBlock: Num
  toSeq: Num
  accAfter: Hex
  epoch: Num
  reads: { program: Address; digest: Hex }[]
  updates: { program: Address; prevDigest: Hex; newDigest: Hex }[]
  created: { program: Address; creator: Address; digest: Hex }[]
  resultsHash: Hex
  blobsRoot: Hex
}
type Vectors = {
  chainId: Num
  mc: Address
  accumulator: { genesis: Hex; entries: EntryVector[] }
  commit: { body: BodyVector; commitId: Hex; beneficiary: Address; signingHash: Hex }
  availability: { message: { prevCommit: Hex; blobsRoot: Hex }; signingHash: Hex }
  admission: {
    message: {
      enclave: Address
      encryptionKey: Hex
      evidenceHash: Hex
      registryVersion: Num
      epoch: Num
      epochSecret: Hex
      prevEpochSecret: Hex
    }
    signingHash: Hex
  }
  rotation: {
    message: {
      epoch: Num
      requestPublicKey: Hex
      registryVersion: Num
      grants: { enclave: Address; sealedSecret: Hex }[]
    }
    structHash: Hex
  }
}

const vectors = JSON.parse(
  readFileSync(new URL('../../packages/protocol/vectors/contract.vectors.json', import.meta.url), 'utf8'),
) as Vectors

let t: TestChain

beforeAll(async () => {
  t = await startTestChain({ genesis: false })
  const code = await t.publicClient.getCode({ address: t.mc })
  await t.testClient.setCode({ address: vectors.mc, bytecode: code! })
})
afterAll(async () => {
  await t?.stop()
})

const call = <T>(functionName: string, args: readonly unknown[] = []) =>
  t.publicClient.readContract({ address: vectors.mc, abi: mcAbi, functionName, args } as never) as Promise<T>

const body = (b: BodyVector) => ({
  ...b,
  fromBlock: BigInt(b.fromBlock),
  toBlock: BigInt(b.toBlock),
  toSeq: BigInt(b.toSeq),
  epoch: BigInt(b.epoch),
})

describe('contract.vectors.json against the MC', () => {
  it('accumulator: acc_0, every entry hash and accumulator value (P2)', async () => {
    expect(BigInt(t.chainId)).toBe(BigInt(vectors.chainId))
    expect(await call<Hex>('initialAcc')).toBe(vectors.accumulator.genesis)
    let acc = vectors.accumulator.genesis
    for (const v of vectors.accumulator.entries) {
      const e = v.entry
      const entryHash = await call<Hex>('accEntryHash', [
        BigInt(e.seq),
        BigInt(e.blockNumber),
        BigInt(e.timestamp),
        e.parentHash,
        Number(e.kind),
        e.program,
        e.caller,
        BigInt(e.epoch),
        BigInt(e.gasLimit),
        e.payloadHash,
      ])
      expect(entryHash).toBe(v.entryHash)
      acc = await call<Hex>('accumulate', [acc, entryHash])
      expect(acc).toBe(v.accAfter)
    }
  })

  it('commit: commitId and the signing digest (P6)', async () => {
    const b = body(vectors.commit.body)
    expect(await call<Hex>('commitId', [b])).toBe(vectors.commit.commitId)
    expect(
      await call<Hex>('commitSigningDigest', [{ body: b, beneficiary: vectors.commit.beneficiary }]),
    ).toBe(vectors.commit.signingHash)
  })

  it('availability, admission and rotation (P6, P7)', async () => {
    const av = vectors.availability
    expect(await call<Hex>('availabilityDigest', [av.message.prevCommit, av.message.blobsRoot])).toBe(
      av.signingHash,
    )
    const ad = vectors.admission.message
    const admission = { ...ad, registryVersion: BigInt(ad.registryVersion), epoch: BigInt(ad.epoch) }
    expect(await readHashingProbe<Hex>(t, vectors.mc, 'admissionDigest', [admission])).toBe(
      vectors.admission.signingHash,
    )
    const r = vectors.rotation.message
    const rotation = { ...r, epoch: BigInt(r.epoch), registryVersion: BigInt(r.registryVersion) }
    expect(await readHashingProbe<Hex>(t, vectors.mc, 'rotationStructHash', [rotation])).toBe(
      vectors.rotation.structHash,
    )
  })
})

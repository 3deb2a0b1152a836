/**
 * Checks vectors/contract.vectors.json, the known answers shared with the management contract's
 * Solidity tests. The file was produced by a generator independent of this package (hand-built
 * EIP-712 type strings and ABI words); here the implementation must reproduce every value.
 */
import { type Address, bytesToHex, getTypesForEIP712Domain, type Hex, hashDomain, hashStruct } from 'viem'
import { describe, expect, it } from 'vitest'
import vectors from '../../vectors/contract.vectors.json' with { type: 'json' }
import { accumulate } from '../accumulator/accumulate.js'
import { accumulatorEntryHash } from '../accumulator/accumulatorEntryHash.js'
import { accumulatorGenesis } from '../accumulator/accumulatorGenesis.js'
import type { Checkpoint, CheckpointLive } from '../accumulator/checkpoint.js'
import type { RequestEntry } from '../accumulator/requestEntry.js'
import type { RequestKind } from '../constants/requestKinds.js'
import { commitBodyTypes, commitTypes, raceteeDomain } from '../eip712/types.js'
import { admissionSigningHash } from '../identity/admissionSigningHash.js'
import { evidenceReportData } from '../identity/evidenceReportData.js'
import {
  assertCanonicalRotation,
  rotationSigningHash,
  rotationStructHash,
} from '../identity/rotationSigningHash.js'
import { availabilitySigningHash } from './availabilitySigningHash.js'
import { blobsRoot } from './blobsRoot.js'
import { assertCanonicalCommitBody } from './canonicalizeCommitBody.js'
import type { CommitBody } from './commitBody.js'
import { commitId } from './commitId.js'
import { commitSigningHash } from './commitSigningHash.js'
import { storeAuthorizationSigningHash } from './storeAuthorizationSigningHash.js'

const v = vectors
const domain = raceteeDomain(BigInt(v.chainId), v.mc as Address)

function toEntry(e: (typeof v.accumulator.entries)[number]['entry']): RequestEntry {
  return {
    seq: BigInt(e.seq),
    blockNumber: BigInt(e.blockNumber),
    timestamp: BigInt(e.timestamp),
    parentHash: e.parentHash as Hex,
    kind: e.kind as RequestKind,
    program: e.program as Address,
    caller: e.caller as Address,
    epoch: BigInt(e.epoch),
    gasLimit: BigInt(e.gasLimit),
    payloadHash: e.payloadHash as Hex,
  }
}

const body: CommitBody = {
  ...v.commit.body,
  prevCommit: v.commit.body.prevCommit as Hex,
  fromBlock: BigInt(v.commit.body.fromBlock),
  toBlock: BigInt(v.commit.body.toBlock),
  toSeq: BigInt(v.commit.body.toSeq),
  accAfter: v.commit.body.accAfter as Hex,
  epoch: BigInt(v.commit.body.epoch),
  reads: v.commit.body.reads.map((r) => ({ program: r.program as Address, digest: r.digest as Hex })),
  updates: v.commit.body.updates.map((u) => ({
    program: u.program as Address,
    prevDigest: u.prevDigest as Hex,
    newDigest: u.newDigest as Hex,
  })),
  created: v.commit.body.created.map((c) => ({
    program: c.program as Address,
    creator: c.creator as Address,
    digest: c.digest as Hex,
  })),
  resultsHash: v.commit.body.resultsHash as Hex,
  blobsRoot: v.commit.body.blobsRoot as Hex,
}

const rotation = {
  epoch: BigInt(v.rotation.message.epoch),
  requestPublicKey: v.rotation.message.requestPublicKey as Hex,
  registryVersion: BigInt(v.rotation.message.registryVersion),
  grants: v.rotation.message.grants.map((g) => ({
    enclave: g.enclave as Address,
    sealedSecret: g.sealedSecret as Hex,
  })),
}

describe('contract vectors', () => {
  it('eip712: domain separator and type hashes', () => {
    const types = { EIP712Domain: getTypesForEIP712Domain({ domain }) }
    expect(hashDomain({ domain: domain as never, types })).toBe(v.eip712.domainSeparator)
    expect(
      v.eip712.types.Commit.type.startsWith('Commit(CommitBody body,address beneficiary)CommitBody('),
    ).toBe(true)
  })

  it('accumulator: genesis, entry hashes and the folded chain', () => {
    expect(accumulatorGenesis(BigInt(v.chainId), v.mc as Address)).toBe(v.accumulator.genesis)
    let acc = v.accumulator.genesis as Hex
    for (const { entry, entryHash, accAfter } of v.accumulator.entries) {
      expect(accumulatorEntryHash(toEntry(entry))).toBe(entryHash)
      acc = accumulate(acc, toEntry(entry))
      expect(acc).toBe(accAfter)
    }
  })

  it('behavior: the rotation entry carries the rotation struct hash as payloadHash', () => {
    expect(() => assertCanonicalRotation(rotation)).not.toThrow()
    expect(() => assertCanonicalRotation({ ...rotation, grants: [...rotation.grants].reverse() })).toThrow(
      /canonical/,
    )
    expect(rotationStructHash(rotation)).toBe(v.rotation.structHash)
    expect(v.accumulator.entries[2]?.entry.payloadHash).toBe(v.rotation.structHash)
  })

  it('checkpoint: ring and live values agree with the accumulator chain', () => {
    const entries = v.accumulator.entries
    const ring: Checkpoint[] = v.checkpoint.ring.map((c) => ({
      block: BigInt(c.block),
      seq: BigInt(c.seq),
      acc: c.acc as Hex,
      feeCum: BigInt(c.feeCum),
      nextBlock: BigInt(c.nextBlock),
    }))
    const live: CheckpointLive = {
      block: BigInt(v.checkpoint.live.block),
      seq: BigInt(v.checkpoint.live.seq),
      acc: v.checkpoint.live.acc as Hex,
      feeCum: BigInt(v.checkpoint.live.feeCum),
      countInBlock: v.checkpoint.live.countInBlock,
    }
    expect(ring[0]).toMatchObject({
      block: BigInt(v.checkpoint.deployBlock),
      seq: 0n,
      acc: v.accumulator.genesis,
    })
    for (const c of [...ring, live]) {
      if (c.seq === 0n) continue
      const last = entries[Number(c.seq) - 1]!
      expect(c.acc).toBe(last.accAfter)
      expect(BigInt(last.entry.blockNumber)).toBe(c.block)
      const fees = v.checkpoint.fees.slice(0, Number(c.seq)).reduce((a, f) => a + BigInt(f), 0n)
      expect(c.feeCum).toBe(fees)
    }
  })

  it('commit: canonical body, struct hashes, commitId and the signing hash', () => {
    expect(() => assertCanonicalCommitBody(body)).not.toThrow()
    expect(hashStruct({ types: commitBodyTypes, primaryType: 'CommitBody', data: body })).toBe(
      v.commit.structHash,
    )
    expect(commitId(domain, body)).toBe(v.commit.commitId)
    const commit = { body, beneficiary: v.commit.beneficiary as Address }
    expect(hashStruct({ types: commitTypes, primaryType: 'Commit', data: commit })).toBe(
      v.commit.commitStructHash,
    )
    expect(commitSigningHash(domain, commit)).toBe(v.commit.signingHash)
  })

  it('blobsRoot: sorted, de-duplicated', () => {
    expect(blobsRoot(v.blobsRoot.hashes as Hex[])).toBe(v.blobsRoot.root)
    expect(v.commit.body.blobsRoot).toBe(v.blobsRoot.root)
  })

  it('availability, storeAuthorization, admission and rotation signing hashes', () => {
    const a = v.availability.message
    expect(
      availabilitySigningHash(domain, { prevCommit: a.prevCommit as Hex, blobsRoot: a.blobsRoot as Hex }),
    ).toBe(v.availability.signingHash)
    const s = v.storeAuthorization.message
    expect(
      storeAuthorizationSigningHash(domain, {
        prevCommit: s.prevCommit as Hex,
        blobsRoot: s.blobsRoot as Hex,
        toBlock: BigInt(s.toBlock),
      }),
    ).toBe(v.storeAuthorization.signingHash)
    const m = v.admission.message
    expect(
      admissionSigningHash(domain, {
        enclave: m.enclave as Address,
        encryptionKey: m.encryptionKey as Hex,
        evidenceHash: m.evidenceHash as Hex,
        registryVersion: BigInt(m.registryVersion),
        epoch: BigInt(m.epoch),
        epochSecret: m.epochSecret as Hex,
        prevEpochSecret: m.prevEpochSecret as Hex,
      }),
    ).toBe(v.admission.signingHash)
    expect(rotationSigningHash(domain, rotation)).toBe(v.rotation.signingHash)
  })

  it('evidence report data', () => {
    const r = v.evidenceReportData
    const data = evidenceReportData(
      BigInt(r.chainId),
      r.mc as Address,
      r.signer as Address,
      r.encryptionKey as Hex,
    )
    expect(bytesToHex(data)).toBe(r.reportData)
    expect(data).toHaveLength(64)
  })

  it('error: a reordered commit body is refused before hashing', () => {
    expect(() => assertCanonicalCommitBody({ ...body, reads: [...body.reads].reverse() })).toThrow(
      /canonical/,
    )
  })
})

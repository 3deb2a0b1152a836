/**
 * Test helper: an in-process stand-in for the management contract (D3.2, D3.3) and the storage
 * network (D6). It orders requests into the P2 accumulator, answers `ChainFacts` as the MC's
 * proven state would, serves blobs as a `BlobSource`, and applies a `BatchOutput` as an
 * accepted commit (checks 1-3 of D3.3), so consecutive batches chain.
 */
import {
  accumulate,
  accumulatorGenesis,
  assertCanonicalCommitBody,
  errorCodes,
  RaceteeError,
  type RequestKind,
} from '@racetee/protocol'
import { type Address, getAddress, type Hex, keccak256, numberToHex, toHex, zeroHash } from 'viem'
import type {
  BatchInput,
  BatchOutput,
  BatchRequest,
  BlobSource,
  ChainFacts,
  CommitAnchor,
  ProgramRecord,
} from '../types.js'

export type PushRequest = {
  blockNumber: bigint
  kind: RequestKind
  program: Address
  caller: Address
  epoch?: bigint
  gasLimit: bigint
  payload: Hex
  /** For a rotation (kind 4) only: the `Rotation` struct hash folded in instead of `keccak(payload)`. */
  rotationStructHash?: Hex
}

/** The timestamp and parent hash of a block on the fake chain: deterministic in its number. */
export function blockOf(blockNumber: bigint): { timestamp: bigint; parentHash: Hex } {
  return {
    timestamp: 1_700_000_000n + blockNumber * 12n,
    parentHash: keccak256(toHex(`parent of ${blockNumber}`)),
  }
}

export class FakeChain implements ChainFacts, BlobSource {
  readonly requests: BatchRequest[] = []
  /** `acc_seq` after each request, index seq - 1. */
  readonly accs: Hex[] = []
  readonly blobs = new Map<Hex, Uint8Array>()
  readonly #digests = new Map<Address, Hex>()
  readonly #genesis: Hex
  #anchor: CommitAnchor

  constructor(
    readonly chainId: bigint,
    readonly mc: Address,
  ) {
    this.#genesis = accumulatorGenesis(chainId, mc)
    this.#anchor = { commitId: zeroHash, toBlock: 0n, toSeq: 0n, acc: this.#genesis }
  }

  /** `createProgram` (D3.1): registered, digest 0x0 until its deploy commits. */
  register(program: Address): void {
    this.#digests.set(getAddress(program), zeroHash)
  }

  digest(program: Address): Hex | undefined {
    return this.#digests.get(getAddress(program))
  }

  get anchor(): CommitAnchor {
    return { ...this.#anchor }
  }

  /** `request(...)`: appends an accumulator entry in the given block (not before the last one). */
  push(request: PushRequest): BatchRequest {
    const last = this.requests.at(-1)
    if (last && request.blockNumber < last.blockNumber) throw new RangeError('blocks go forward')
    const entry: BatchRequest = {
      seq: BigInt(this.requests.length + 1),
      blockNumber: request.blockNumber,
      ...blockOf(request.blockNumber),
      kind: request.kind,
      program: getAddress(request.program),
      caller: getAddress(request.caller),
      epoch: request.epoch ?? 0n,
      gasLimit: request.gasLimit,
      payload: request.payload,
      ...(request.rotationStructHash ? { rotationStructHash: request.rotationStructHash } : {}),
    }
    const acc = accumulate(this.accs.at(-1) ?? this.#genesis, {
      ...entry,
      kind: request.kind,
      payloadHash: request.rotationStructHash ?? keccak256(entry.payload),
    })
    this.requests.push(entry)
    this.accs.push(acc)
    return entry
  }

  /** What an honest host feeds the enclave for `(lastCommit.toBlock, toBlock]`. */
  batchInput(toBlock: bigint, beneficiary: Address): BatchInput {
    return {
      toBlock,
      requests: this.requests
        .filter((r) => r.blockNumber > this.#anchor.toBlock && r.blockNumber <= toBlock)
        .map((r) => ({ ...r })),
      beneficiary,
    }
  }

  async lastCommit(): Promise<CommitAnchor> {
    return this.anchor
  }

  /** P2: the end of the last block with requests at or before `toBlock`. */
  async checkpointAt(toBlock: bigint): Promise<{ seq: bigint; acc: Hex }> {
    let seq = 0n
    let acc = this.#genesis
    for (const [i, request] of this.requests.entries()) {
      if (request.blockNumber > toBlock) break
      seq = request.seq
      acc = this.accs[i] ?? acc
    }
    return { seq, acc }
  }

  async program(address: Address): Promise<ProgramRecord> {
    const digest = this.#digests.get(getAddress(address))
    return digest === undefined ? { registered: false, digest: zeroHash } : { registered: true, digest }
  }

  async get(hash: Hex): Promise<Uint8Array> {
    const bytes = this.blobs.get(hash.toLowerCase() as Hex)
    if (!bytes) throw new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'Blob not held.', { details: hash })
    return bytes
  }

  /** `commit(...)` (D3.3 checks 1-3, without signatures), then storage keeps the blobs. */
  commit(output: BatchOutput): void {
    const { body } = output
    assertCanonicalCommitBody(body)
    if (body.prevCommit !== this.#anchor.commitId) throw new RangeError('does not chain')
    if (body.fromBlock !== this.#anchor.toBlock + 1n) throw new RangeError('fromBlock')
    const end = this.requests.filter((r) => r.blockNumber <= body.toBlock).at(-1)
    const accAfter = end ? this.accs[Number(end.seq) - 1] : this.#anchor.acc
    if (body.toSeq !== (end?.seq ?? this.#anchor.toSeq) || body.accAfter !== accAfter)
      throw new RangeError('checkpoint')
    for (const read of body.reads)
      if (this.digest(read.program) !== read.digest) throw new RangeError(`stale read ${read.program}`)
    for (const update of body.updates) {
      if (this.digest(update.program) !== update.prevDigest)
        throw new RangeError(`stale update ${update.program}`)
      this.#digests.set(getAddress(update.program), update.newDigest)
    }
    for (const created of body.created) this.#digests.set(getAddress(created.program), created.digest)
    for (const blob of output.blobs) this.blobs.set(blob.hash.toLowerCase() as Hex, blob.bytes)
    this.#anchor = {
      commitId: output.commitId,
      toBlock: body.toBlock,
      toSeq: body.toSeq,
      acc: body.accAfter,
    }
  }
}

/** A program address as the MC's CREATE2 proxy would give it; here just distinct and fixed. */
export function programAddress(n: number): Address {
  return getAddress(numberToHex(0xc0de0000n + BigInt(n), { size: 20 }))
}

/**
 * The chain and storage network as the enclave sees them (D2.1 `ChainFacts`, D6 `BlobSource`),
 * held in memory for the engine bench (issue 7: "no chain"). It orders requests into the P2
 * accumulator, answers the facts a proven view would, serves the blobs of accepted commits, and
 * applies each `BatchOutput` as the MC would accept it (digests, anchor), so batches chain.
 * It checks nothing the MC checks beyond what chaining needs: the bench measures the enclave,
 * and the enclave itself refuses a batch whose requests do not match the checkpoint.
 */
import type {
  BatchInput,
  BatchOutput,
  BatchRequest,
  BlobSource,
  ChainFacts,
  CommitAnchor,
  ProgramRecord,
} from '@racetee/enclave'
import { accumulate, accumulatorGenesis, errorCodes, RaceteeError, type RequestKind } from '@racetee/protocol'
import { type Address, getAddress, type Hex, keccak256, toHex, zeroHash } from 'viem'

export type MemoryChainRequest = {
  blockNumber: bigint
  kind: RequestKind
  program: Address
  caller: Address
  gasLimit: bigint
  payload: Hex
}

export class MemoryChain implements ChainFacts, BlobSource {
  readonly #requests: BatchRequest[] = []
  readonly #accs: Hex[] = []
  readonly #digests = new Map<Address, Hex>()
  readonly #blobs = new Map<Hex, Uint8Array>()
  readonly #genesis: Hex
  #anchor: CommitAnchor

  constructor(
    readonly chainId: bigint,
    readonly mc: Address,
  ) {
    this.#genesis = accumulatorGenesis(chainId, mc)
    this.#anchor = { commitId: zeroHash, toBlock: 0n, toSeq: 0n, acc: this.#genesis }
  }

  /** `createProgram` (D3.1): registered with digest 0x0 until its deploy commits. */
  register(program: Address): void {
    this.#digests.set(getAddress(program), zeroHash)
  }

  /** `request(...)`: the next seq, folded into the accumulator. Blocks only go forward. */
  push(request: MemoryChainRequest): BatchRequest {
    const last = this.#requests.at(-1)
    if (last && request.blockNumber < last.blockNumber) throw new RangeError('blockNumber must not go back')
    const entry: BatchRequest = {
      seq: BigInt(this.#requests.length + 1),
      blockNumber: request.blockNumber,
      timestamp: 1_700_000_000n + request.blockNumber * 12n,
      parentHash: keccak256(toHex(`block ${request.blockNumber - 1n}`)),
      kind: request.kind,
      program: getAddress(request.program),
      caller: getAddress(request.caller),
      epoch: 0n,
      gasLimit: request.gasLimit,
      payload: request.payload,
    }
    this.#accs.push(
      accumulate(this.#accs.at(-1) ?? this.#genesis, {
        ...entry,
        kind: request.kind,
        payloadHash: keccak256(entry.payload),
      }),
    )
    this.#requests.push(entry)
    return entry
  }

  /** What an honest host hands the enclave for `(lastCommit.toBlock, toBlock]`. */
  batchInput(toBlock: bigint, beneficiary: Address): BatchInput {
    const from = this.#anchor.toBlock
    return {
      toBlock,
      requests: this.#requests.filter((r) => r.blockNumber > from && r.blockNumber <= toBlock),
      beneficiary,
    }
  }

  async lastCommit(): Promise<CommitAnchor> {
    return { ...this.#anchor }
  }

  async checkpointAt(toBlock: bigint): Promise<{ seq: bigint; acc: Hex }> {
    const last = this.#requests.filter((r) => r.blockNumber <= toBlock).at(-1)
    return last ? { seq: last.seq, acc: this.#accs[Number(last.seq) - 1]! } : { seq: 0n, acc: this.#genesis }
  }

  async program(address: Address): Promise<ProgramRecord> {
    const digest = this.#digests.get(getAddress(address))
    return digest === undefined ? { registered: false, digest: zeroHash } : { registered: true, digest }
  }

  async get(hash: Hex): Promise<Uint8Array> {
    const bytes = this.#blobs.get(hash.toLowerCase() as Hex)
    if (!bytes) throw new RaceteeError(errorCodes.ENCLAVE_BLOB_MISSING, 'Blob not held.', { details: hash })
    return bytes
  }

  /** An accepted commit: new digests, the blobs kept by storage, the anchor moved on. */
  commit(output: BatchOutput): void {
    const { body } = output
    if (body.prevCommit !== this.#anchor.commitId)
      throw new RangeError('output does not chain from the last commit')
    for (const update of body.updates) this.#digests.set(getAddress(update.program), update.newDigest)
    for (const created of body.created) this.#digests.set(getAddress(created.program), created.digest)
    for (const blob of output.blobs) this.#blobs.set(blob.hash.toLowerCase() as Hex, blob.bytes)
    this.#anchor = { commitId: output.commitId, toBlock: body.toBlock, toSeq: body.toSeq, acc: body.accAfter }
  }
}

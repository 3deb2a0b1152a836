/**
 * Test helper for per-program key rotation (D4 "Per-program rotation"): one enclave whose
 * keyring the test holds, a fake chain, `ConfidentialERC20` deploys with a chosen rotation
 * policy, batches run under a chosen epoch, and a look at a program's committed state as an
 * enclave opens it (Info, the key version in each blob's header, the Info plaintext). A real
 * host never holds the keyring; the test does so it can check which keys seal what.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import {
  type BlobKind,
  blobKinds,
  encodeDeployBody,
  type ProgramHead,
  type ProgramInfoV1,
  parseSealedBlob,
  programRuntimes,
} from '@racetee/protocol'
import { type Address, encodeDeployData, type Hex, hexToBytes } from 'viem'
import { openBlob } from '../../crypto/blobSealer.js'
import { Enclave } from '../../Enclave.js'
import { EpochKeyring } from '../../keys/epochKeys.js'
import { SealedProgramLoader } from '../sealedProgramLoader.js'
import type { BatchOutput } from '../types.js'
import { beneficiary, chainId, limits, mc, newChain, sealer, token } from './batchWorld.js'
import { resultOf, type SealedRequest, type SentRequest, send } from './client.js'
import type { FakeChain } from './FakeChain.js'

export type RotationPolicy = { rotateEvery: number; keepHistory: boolean }

/** P3 deploy body of a `ConfidentialERC20` minting `supply` to its deployer, with `policy`. */
export function rotatingTokenBody(supply: bigint, policy: RotationPolicy): Uint8Array {
  const initCode = encodeDeployData({
    abi: confidentialErc20Artifact.abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Confidential', 'CFD', supply],
  })
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], resultBucketMin: 0, pageBucketMin: 0, ...policy },
  })
}

/** A committed blob of a program's state: code, index or a page. */
export type StateBlob = { kind: BlobKind; page: bigint; hash: Hex; bytes: Uint8Array }

/** A program's committed state as an enclave opens it (keys are the test's copies). */
export type ProgramState = {
  head: ProgramHead
  /** SECRET (test copy): the decoded Info. */
  info: ProgramInfoV1
  /** The epoch whose management key seals Info (its header's version, P5). */
  infoEpoch: number
  /** SECRET (test copy): Info's padded plaintext. */
  infoPlaintext: Uint8Array
  /** Code, index and every page, with the key version each header names. */
  blobs: (StateBlob & { keyVersion: number })[]
  /** SECRET (test copy): every key buffer the loader held for the program. */
  loaderKeys: Uint8Array[]
}

export class RotationWorld {
  readonly chain: FakeChain = newChain()
  readonly outputs: BatchOutput[] = []
  readonly enclave: Enclave
  readonly seal: ReturnType<typeof sealer>

  /** A world over `keyring` (epoch 0 created when it holds none). */
  constructor(readonly keyring: EpochKeyring = new EpochKeyring()) {
    this.enclave = new Enclave({ chainId, mc, limits, keyring })
    this.seal = sealer(this.enclave.createGenesisEpoch().requestPublicKey)
  }

  /** Orders an already sealed request on this world's chain. */
  push(sealed: SealedRequest): SentRequest {
    return send(this.chain, sealed)
  }

  /** Executes blocks up to `toBlock` as one batch under `epoch` and commits it. */
  async run(toBlock: bigint, epoch = 0n): Promise<BatchOutput> {
    const output = await this.enclave.executeBatch({
      epoch,
      facts: this.chain,
      blobs: this.chain,
      input: this.chain.batchInput(toBlock, beneficiary),
    })
    this.chain.commit(output)
    this.outputs.push(output)
    return output
  }

  result(sent: SentRequest) {
    return resultOf(this.chain, this.outputs, sent)
  }

  /** Opens `program`'s committed state with a fresh loader over the test's keyring. */
  async state(program: Address = token): Promise<ProgramState> {
    const loader = new SealedProgramLoader({
      chainId,
      mc,
      facts: this.chain,
      blobs: this.chain,
      keyring: this.keyring,
    })
    try {
      const loaded = await loader.program(program)
      if (!loaded) throw new TypeError(`${program} is not deployed`)
      const { head, info, index } = loaded
      const blobs: StateBlob[] = [
        { kind: blobKinds.code, page: 0n, hash: head.codeHash, bytes: await this.chain.get(head.codeHash) },
        {
          kind: blobKinds.index,
          page: 0n,
          hash: head.stateRoot,
          bytes: await this.chain.get(head.stateRoot),
        },
      ]
      for (const [page, hash] of [...index.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        blobs.push({ kind: blobKinds.page, page, hash, bytes: await this.chain.get(hash) })
      const infoBlob = await this.chain.get(head.infoHash)
      const infoEpoch = parseSealedBlob(infoBlob).keyVersion
      const infoPlaintext = openBlob({
        key: this.keyring.managementKey(BigInt(infoEpoch)),
        expected: { kind: blobKinds.info, program, page: 0n, chainId, mc },
        blob: infoBlob,
      })
      return {
        head,
        info: {
          ...info,
          programKey: info.programKey.slice(),
          retainedKeys: info.retainedKeys.map((k) => k.slice()),
        },
        infoEpoch,
        infoPlaintext,
        blobs: blobs.map((blob) => ({ ...blob, keyVersion: parseSealedBlob(blob.bytes).keyVersion })),
        loaderKeys: [info.programKey, ...info.retainedKeys].map((k) => k.slice()),
      }
    } finally {
      await loader.wipe()
    }
  }
}

/** Opens a state blob of `program` with `key`, whatever version its header names. */
export function openStateBlob(program: Address, key: Uint8Array, blob: StateBlob): Uint8Array {
  return openBlob({
    key,
    expected: { kind: blob.kind, program, page: blob.page, chainId, mc },
    blob: blob.bytes,
  })
}

/** Whether `needle` occurs in `haystack` (a key inside a plaintext). */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

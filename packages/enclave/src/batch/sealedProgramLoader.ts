/**
 * The engine's `ProgramLoader` over sealed blobs (D5 "lazy loading", P5). From a program's
 * digest as the chain states it, it fetches the public head, then Info (management key),
 * code and page index (program key), and pages on demand; every blob is re-hashed against the
 * hash that named it before it is opened, so a host or storage node that serves other bytes
 * causes a fault, never an outcome (D5 "Faults are not outcomes").
 *
 * It also remembers every registered program it consulted, with the digest it relied on:
 * those become the commit's `reads` (D3.3 check 3), so no program is fed stale.
 *
 * Each code, index and page blob names its key version in its header (P5): the current key
 * opens the current version; an older version opens only with a key Info retained under
 * `keepHistory` (`retainedKeys[v]` is `K_p,v`, ratchetProgram.ts), else the blob is a fault
 * (ENCLAVE_KEY_VERSION_UNAVAILABLE). Since a rotation re-seals all of a program's state, current
 * state is always under the current version; the fallback serves history only.
 *
 * SECRET: opened Info (program keys), code and pages live in this object's caches for the
 * duration of one batch; `wipe()` zeroes the key buffers it holds.
 */
import type { LoadedAccount, ProgramLoader } from '@racetee/engine'
import {
  blobKinds,
  compareHex,
  DEFAULT_BUCKET_MIN,
  decodeCodeBlob,
  decodePage,
  decodePageIndex,
  decodeProgramHead,
  decodeProgramInfo,
  errorCodes,
  type ProgramHead,
  type ProgramInfoV1,
  RaceteeError,
  resolveBucketMin,
  unpad,
} from '@racetee/protocol'
import { type Address, getAddress, type Hex, zeroHash } from 'viem'
import { openBlob, parseSealedBlobHeader } from '../crypto/blobSealer.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import { fetchVerifiedBlob } from './fetchVerifiedBlob.js'
import type { BlobSource, ChainFacts, ProgramRecord } from './types.js'

/** A deployed program as loaded at the start of the batch. */
export type LoadedProgram = {
  address: Address
  record: ProgramRecord
  head: ProgramHead
  /** SECRET: holds the program key. */
  info: ProgramInfoV1
  /** page → page blob hash, from the sealed index. */
  index: Map<bigint, Hex>
  code: Uint8Array
}

export type SealedProgramLoaderParameters = {
  chainId: bigint
  mc: Address
  facts: ChainFacts
  blobs: BlobSource
  keyring: EpochKeyring
}

export class SealedProgramLoader implements ProgramLoader {
  readonly #p: SealedProgramLoaderParameters
  readonly #records = new Map<Address, Promise<ProgramRecord>>()
  readonly #programs = new Map<Address, Promise<LoadedProgram | null>>()

  constructor(parameters: SealedProgramLoaderParameters) {
    this.#p = parameters
  }

  /** The chain's record of `address`, fetched once per batch. */
  record(address: Address): Promise<ProgramRecord> {
    const key = getAddress(address)
    let record = this.#records.get(key)
    if (!record) {
      record = this.#p.facts.program(key)
      this.#records.set(key, record)
    }
    return record
  }

  /** Registered programs consulted so far, with the digest relied on, ascending by address. */
  async consulted(): Promise<{ program: Address; digest: Hex }[]> {
    const out: { program: Address; digest: Hex }[] = []
    for (const [program, record] of this.#records) {
      const { registered, digest } = await record
      if (registered) out.push({ program, digest })
    }
    return out.sort((a, b) => compareHex(a.program, b.program))
  }

  async isProgram(address: Address): Promise<boolean> {
    return (await this.record(address)).registered
  }

  async loadAccount(address: Address): Promise<LoadedAccount | null> {
    const program = await this.program(address)
    return program && { nonce: program.info.nonce, code: program.code }
  }

  async loadPage(address: Address, page: bigint): Promise<ReadonlyMap<number, Uint8Array>> {
    const program = await this.program(address)
    const hash = program?.index.get(page)
    if (!program || !hash) return new Map()
    const padded = this.#openProgramBlob(
      program.address,
      program.info,
      blobKinds.page,
      page,
      await this.#fetch(hash),
    )
    const slots = decodePage(unpad(padded, resolveBucketMin(program.info.pageBucketMin)))
    padded.fill(0)
    return new Map(slots.map((slot) => [slot.offset, slot.value]))
  }

  /** The deployed program at `address` as of the batch start, or null (not registered or not deployed). */
  program(address: Address): Promise<LoadedProgram | null> {
    const key = getAddress(address)
    let loaded = this.#programs.get(key)
    if (!loaded) {
      loaded = this.#load(key)
      this.#programs.set(key, loaded)
    }
    return loaded
  }

  /** Zeroes the program keys this loader opened. */
  async wipe(): Promise<void> {
    for (const loaded of this.#programs.values()) {
      const program = await loaded.catch(() => null)
      program?.info.programKey.fill(0)
      for (const key of program?.info.retainedKeys ?? []) key.fill(0)
    }
  }

  async #load(address: Address): Promise<LoadedProgram | null> {
    const record = await this.record(address)
    if (!record.registered || record.digest === zeroHash) return null
    const head = decodeProgramHead(await this.#fetch(record.digest))
    const info = this.#openInfo(address, await this.#fetch(head.infoHash))
    const codePadded = this.#openProgramBlob(
      address,
      info,
      blobKinds.code,
      0n,
      await this.#fetch(head.codeHash),
    )
    const { code } = decodeCodeBlob(unpad(codePadded, DEFAULT_BUCKET_MIN))
    const indexPadded = this.#openProgramBlob(
      address,
      info,
      blobKinds.index,
      0n,
      await this.#fetch(head.stateRoot),
    )
    const entries = decodePageIndex(unpad(indexPadded, resolveBucketMin(info.pageBucketMin)))
    const index = new Map(entries.map((entry) => [entry.page, entry.pageBlobHash]))
    return { address, record, head, info, index, code }
  }

  /** Info is sealed under the management key of the epoch in its header (P5). */
  #openInfo(address: Address, blob: Uint8Array): ProgramInfoV1 {
    const { keyVersion: epoch } = parseSealedBlobHeader(blob)
    if (!this.#p.keyring.has(BigInt(epoch)))
      throw new RaceteeError(
        errorCodes.ENCLAVE_EPOCH_UNKNOWN,
        'Program Info is sealed under an unknown epoch.',
        {
          details: `program ${address} epoch ${epoch}`,
        },
      )
    const padded = openBlob({
      key: this.#p.keyring.managementKey(BigInt(epoch)),
      expected: { ...this.#where(address, blobKinds.info, 0n), keyVersion: epoch },
      blob,
    })
    const info = decodeProgramInfo(unpad(padded, DEFAULT_BUCKET_MIN))
    padded.fill(0)
    return info
  }

  /** Opens a code, index or page blob under the program key its header's version names (P5, D4). */
  #openProgramBlob(
    address: Address,
    info: ProgramInfoV1,
    kind: (typeof blobKinds)[keyof typeof blobKinds],
    page: bigint,
    blob: Uint8Array,
  ): Uint8Array {
    const { keyVersion } = parseSealedBlobHeader(blob)
    const key = programKeyOf(info, keyVersion)
    if (!key)
      throw new RaceteeError(
        errorCodes.ENCLAVE_KEY_VERSION_UNAVAILABLE,
        'A program blob is sealed under a key version that is not held.',
        {
          details: `program ${address} kind ${kind} page ${page}: version ${keyVersion}, current ${info.keyVersion}`,
        },
      )
    // The AAD binds the version, so a blob sealed under another version cannot pose as this one.
    return openBlob({ key, expected: { ...this.#where(address, kind, page), keyVersion }, blob })
  }

  #where(program: Address, kind: (typeof blobKinds)[keyof typeof blobKinds], page: bigint) {
    return { kind, program, page, chainId: this.#p.chainId, mc: this.#p.mc }
  }

  /** Fetches a blob and checks it hashes to the name it was asked for (D6: the reader re-hashes). */
  #fetch(hash: Hex): Promise<Uint8Array> {
    return fetchVerifiedBlob(this.#p.blobs, hash)
  }
}

/**
 * SECRET: `K_p,v` for `version` from Info: the current key, or under `keepHistory` the retained
 * one (`retainedKeys[v]`, kept only while the history is whole); undefined when not held.
 */
function programKeyOf(info: ProgramInfoV1, version: number): Uint8Array | undefined {
  if (version === info.keyVersion) return info.programKey
  const whole = info.keepHistory && info.retainedKeys.length === info.keyVersion
  return whole && version < info.keyVersion ? info.retainedKeys[version] : undefined
}

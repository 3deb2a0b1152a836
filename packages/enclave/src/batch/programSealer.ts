/**
 * Seals one program's new state after a batch (D5 "only dirty pages are re-sealed", P5):
 * changed pages, then the page index when any page changed, the code when it was deployed,
 * Info when it changed, and the public head whose hash is the new digest. Every blob is keyed
 * by the accumulator of the last request that changed it (`acc_w`), so the bytes do not depend
 * on how blocks were batched.
 */
import type { ChangedPage } from '@racetee/engine'
import {
  blobKinds,
  DEFAULT_BUCKET_MIN,
  encodeCodeBlob,
  encodePage,
  encodePageIndex,
  encodeProgramHead,
  encodeProgramInfo,
  errorCodes,
  type ProgramInfoV1,
  padToBucket,
  programDigest,
  RaceteeError,
  resolveBucketMin,
} from '@racetee/protocol'
import { type Address, type Hex, keccak256 } from 'viem'
import { sealBlob } from '../crypto/blobSealer.js'
import type { LoadedProgram } from './sealedProgramLoader.js'

export type WrittenBlob = { hash: Hex; bytes: Uint8Array }

export type SealProgramParameters = {
  chainId: bigint
  mc: Address
  address: Address
  /** The program as loaded at batch start; null for a program deployed or created in this batch. */
  prior: LoadedProgram | null
  /** SECRET: the program's Info after the batch (its key seals code, index and pages). */
  info: ProgramInfoV1
  /** The management key and epoch Info is sealed under, when Info changed; null keeps the old blob. */
  infoSeal: { managementKey: Uint8Array; epoch: bigint; accW: Hex } | null
  code: { code: Uint8Array; writeTag: Hex } | null
  pages: readonly ChangedPage[]
  /** The latest of several write tags, by sequence order. */
  latest: (tags: readonly Hex[]) => Hex
}

export function sealProgram(parameters: SealProgramParameters): { digest: Hex; blobs: WrittenBlob[] } {
  const { chainId, mc, address, prior, info, infoSeal, code, pages, latest } = parameters
  const blobs: WrittenBlob[] = []
  const put = (bytes: Uint8Array): Hex => {
    const hash = keccak256(bytes)
    blobs.push({ hash, bytes })
    return hash
  }
  const seal = (
    kind: (typeof blobKinds)[keyof typeof blobKinds],
    page: bigint,
    accW: Hex,
    plaintext: Uint8Array,
  ) => {
    const hash = put(
      sealBlob({
        key: info.programKey,
        kind,
        keyVersion: info.keyVersion,
        program: address,
        page,
        accW,
        chainId,
        mc,
        plaintext,
      }),
    )
    plaintext.fill(0) // SECRET: a page, the index or the code, in clear.
    return hash
  }
  const pageBucketMin = resolveBucketMin(info.pageBucketMin)

  const index = new Map(prior?.index ?? [])
  for (const page of pages) {
    if (page.slots.length === 0) index.delete(page.page)
    else
      index.set(
        page.page,
        seal(
          blobKinds.page,
          page.page,
          page.writeTag,
          padToBucket(encodePage(page.slots), pageBucketMin, Infinity),
        ),
      )
  }

  let stateRoot = prior?.head.stateRoot
  if (pages.length > 0 || !prior) {
    const tags = pages.map((page) => page.writeTag)
    const accW = tags.length > 0 ? latest(tags) : (code?.writeTag ?? infoSeal?.accW)
    if (!accW) throw internal(address, 'no write tag for a new index')
    const entries = [...index.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([page, pageBlobHash]) => ({ page, pageBlobHash }))
    stateRoot = seal(
      blobKinds.index,
      0n,
      accW,
      padToBucket(encodePageIndex(entries), pageBucketMin, Infinity),
    )
  }

  let codeHash = prior?.head.codeHash
  if (code)
    codeHash = seal(
      blobKinds.code,
      0n,
      code.writeTag,
      padToBucket(encodeCodeBlob({ runtime: info.runtime, code: code.code }), DEFAULT_BUCKET_MIN, Infinity),
    )

  let infoHash = prior?.head.infoHash
  if (infoSeal) {
    const plaintext = padToBucket(encodeProgramInfo(info), DEFAULT_BUCKET_MIN, Infinity)
    infoHash = put(
      sealBlob({
        key: infoSeal.managementKey,
        kind: blobKinds.info,
        keyVersion: infoSeal.epoch,
        program: address,
        page: 0n,
        accW: infoSeal.accW,
        chainId,
        mc,
        plaintext,
      }),
    )
    plaintext.fill(0) // SECRET: Info holds the program key.
  }

  if (!codeHash || !stateRoot || !infoHash) throw internal(address, 'a new program lacks code or Info')
  const head = { codeHash, stateRoot, infoHash }
  const digest = put(encodeProgramHead(head))
  if (digest !== programDigest(head)) throw internal(address, 'head hash differs from its digest')
  return { digest, blobs }
}

function internal(program: Address, what: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'Program state could not be sealed.', {
    details: `program ${program}: ${what}`,
  })
}

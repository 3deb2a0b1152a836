/**
 * Seals one program's new state after a batch (D5 "only dirty pages are re-sealed", P5):
 * changed pages, then the page index when any page changed, the code when it was deployed,
 * Info when it changed, and the public head whose hash is the new digest. Every blob is keyed
 * by the accumulator of the last request that changed it (`acc_w`), so the bytes do not depend
 * on how blocks were batched.
 *
 * After a key rotation (`rekey`, D4 "Per-program rotation", see ratchetProgram.ts) every blob
 * is re-sealed under the new key: the code, every page (also those the batch did not touch,
 * which the caller read in clear under the old key) and the index, so the program's current
 * state never needs an old key. Blobs whose plaintext did not change take `rekey.accW`, the
 * batch's last accumulator (the rotation happens at the end of the batch); pages the batch
 * changed keep their own write tags. The key is new, so no (key, nonce) pair repeats.
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
  /** Set when `info` holds a key ratcheted in this batch: re-seal everything under it. */
  rekey?: RekeyedState | null
}

/** The program's state the batch did not change, for re-sealing under a ratcheted key. */
export type RekeyedState = {
  /** The tag of re-sealed blobs whose plaintext did not change: the batch's last accumulator. */
  accW: Hex
  /** SECRET: the pages of `prior`'s index that `pages` does not hold, in clear, ascending. */
  unchangedPages: readonly Omit<ChangedPage, 'writeTag'>[]
}

export function sealProgram(parameters: SealProgramParameters): { digest: Hex; blobs: WrittenBlob[] } {
  const { chainId, mc, address, prior, info, infoSeal, pages, latest } = parameters
  const rekey = parameters.rekey ?? null
  if (rekey && !infoSeal) throw internal(address, 'a ratcheted key without a new Info')
  // A ratcheted key re-seals the unchanged code too, under the batch's last accumulator.
  const code = parameters.code ?? (rekey && prior ? { code: prior.code, writeTag: rekey.accW } : null)
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

  // Under a ratcheted key no old page blob is kept: the index is rebuilt from every page.
  const index = new Map(rekey ? [] : (prior?.index ?? []))
  const every = rekey
    ? [...pages, ...rekey.unchangedPages.map((page) => ({ ...page, writeTag: rekey.accW }))]
    : pages
  for (const page of every) {
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
  if (pages.length > 0 || !prior || rekey) {
    const tags = [...pages.map((page) => page.writeTag), ...(rekey ? [rekey.accW] : [])]
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

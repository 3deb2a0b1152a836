/**
 * The re-seal that lets an epoch secret be erased (D4: "every program's Info still sealed under
 * epoch e's management key is re-sealed under the current one, so idle programs are never
 * orphaned"). The batch that first covers the end of the grace period (`resealDue`) re-seals
 * the Info of every registered program whose Info blob is under an older epoch. The host names
 * the programs; the enclave proves each registered, none twice, and that their number is the
 * MC's proven program count, so none is left behind under a key that is about to be erased.
 *
 * Programs whose Info is already current are checked by their head and Info header only, not
 * loaded, so they do not enter the commit's `reads`.
 * @module
 */
import { decodeProgramHead, errorCodes, type ProgramInfoV1, RaceteeError } from '@racetee/protocol'
import { type Address, getAddress, type Hex, zeroHash } from 'viem'
import { parseSealedBlobHeader } from '../crypto/blobSealer.js'
import { fetchVerifiedBlob } from './fetchVerifiedBlob.js'
import type { SealedProgramLoader } from './sealedProgramLoader.js'
import type { BlobSource, ChainFacts } from './types.js'

export type ResealInfosParameters = {
  epoch: bigint
  /** The proven number of registered programs at the fact block (the same state as `facts`). */
  programCount: bigint
  /** The host's list of every registered program. */
  programs: readonly Address[] | undefined
  facts: ChainFacts
  blobs: BlobSource
  loader: SealedProgramLoader
  /** Info changed in this batch: re-sealed under the current epoch anyway. */
  infos: Map<Address, { info: ProgramInfoV1; accW: Hex }>
  /** The write tag for a re-sealed Info (the batch's last accumulator: the key is new, P5). */
  accW: Hex
}

/** Adds every program whose Info is under an older epoch to `infos`; returns how many. */
export async function resealInfos(parameters: ResealInfosParameters): Promise<number> {
  const { epoch, programCount, facts, blobs, loader, infos, accW } = parameters
  const programs = (parameters.programs ?? []).map((p) => getAddress(p))
  if (BigInt(programs.length) !== programCount || new Set(programs).size !== programs.length)
    throw unproven(
      `${programs.length} programs named (distinct: ${new Set(programs).size}), ${programCount} registered`,
    )
  let count = 0
  for (const program of programs) {
    const record = await facts.program(program)
    // A program registered after the batch's toBlock is counted but has no Info yet (digest 0).
    if (!record.registered && !record.registeredLater)
      throw unproven(`${program} is not a registered program`)
    if (record.digest === zeroHash || infos.has(program)) continue
    const head = decodeProgramHead(await fetchVerifiedBlob(blobs, record.digest))
    const infoEpoch = BigInt(parseSealedBlobHeader(await fetchVerifiedBlob(blobs, head.infoHash)).keyVersion)
    if (infoEpoch >= epoch) continue
    const loaded = await loader.program(program)
    if (!loaded) throw unproven(`${program} has a digest but does not load`)
    infos.set(program, { info: { ...loaded.info }, accW })
    count++
  }
  return count
}

function unproven(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'The program list is not the registered set.', {
    details,
  })
}

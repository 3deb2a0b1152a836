/**
 * The end of a batch (D4 "At rest", D5): every program whose state, code, nonce or Info changed
 * is re-sealed under its key, and sorted into the commit body's `updates` (registered programs)
 * and `created` (programs made by programs in this batch).
 */
import type { EvmEngine } from '@racetee/engine'
import {
  type CommitBody,
  compareHex,
  errorCodes,
  type ProgramInfoV1,
  programRuntimes,
  RaceteeError,
} from '@racetee/protocol'
import { type Address, getAddress, type Hex } from 'viem'
import type { ExecuteBatchParameters } from './executeBatch.js'
import type { InfoAccessPolicy } from './InfoAccessPolicy.js'
import { sealProgram, type WrittenBlob } from './programSealer.js'
import type { SealedProgramLoader } from './sealedProgramLoader.js'

export async function sealChanges(
  p: ExecuteBatchParameters & {
    engine: EvmEngine
    loader: SealedProgramLoader
    infos: Map<Address, { info: ProgramInfoV1; accW: Hex }>
    access: InfoAccessPolicy
    latest: (tags: readonly Hex[]) => Hex
  },
) {
  const changes = p.engine.changes()
  const byAddress = new Map(changes.changed.map((c) => [getAddress(c.address), c]))
  const addresses = [...new Set([...byAddress.keys(), ...p.infos.keys()])].sort(compareHex)
  const blobs: WrittenBlob[] = []
  const updates: CommitBody['updates'] = []
  const created: CommitBody['created'] = []
  const managementKey = p.keyring.managementKey(p.epoch)
  for (const address of addresses) {
    const change = byAddress.get(address)
    const prior = await p.loader.program(address)
    const pending = p.infos.get(address)
    let info = pending?.info ?? prior?.info
    const infoTags = pending ? [pending.accW] : []
    if (!info && change?.creator && change.code) {
      // D5 factories: a program created by another program; its creator is its admin.
      info = newInfoFor(p, address, change.creator, change.code.writeTag)
      infoTags.push(change.code.writeTag)
      // ...unless it changed that through the ACL precompile in this batch.
      const set = p.access.applyCreated(address, info)
      info = set.info
      if (set.accW) infoTags.push(set.accW)
    }
    if (!info)
      throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'A changed program has no Info.', {
        details: `program ${address}`,
      })
    if (change?.nonce && change.nonce.nonce !== info.nonce) {
      info = { ...info, nonce: change.nonce.nonce }
      infoTags.push(change.nonce.writeTag)
    }
    const { digest, blobs: written } = sealProgram({
      chainId: p.chainId,
      mc: p.mc,
      address,
      prior,
      info,
      infoSeal: infoTags.length > 0 ? { managementKey, epoch: p.epoch, accW: p.latest(infoTags) } : null,
      code: change?.code ?? null,
      pages: change?.pages ?? [],
      latest: p.latest,
    })
    blobs.push(...written)
    const record = await p.loader.record(address)
    if (record.registered) updates.push({ program: address, prevDigest: record.digest, newDigest: digest })
    else if (change?.creator) created.push({ program: address, creator: getAddress(change.creator), digest })
    else
      throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'An unregistered program changed.', {
        details: `program ${address}`,
      })
  }
  return { blobs, updates, created }
}

function newInfoFor(
  p: ExecuteBatchParameters,
  program: Address,
  creator: Address,
  accCreate: Hex,
): ProgramInfoV1 {
  return {
    runtime: programRuntimes.evm,
    programKey: p.keyring.programKey(p.epoch, program, accCreate),
    keyVersion: 0,
    keyEpoch: p.epoch,
    admin: getAddress(creator),
    acl: [],
    rotateEvery: 0,
    keepHistory: false,
    execCount: 0,
    nonce: 1n,
    resultBucketMin: 0,
    pageBucketMin: 0,
    retainedKeys: [],
  }
}

/** Blobs by hash, each once, ascending: the order `blobsRoot` covers them in. */
export function dedupeSorted(blobs: WrittenBlob[]): WrittenBlob[] {
  const unique = new Map(blobs.map((b) => [b.hash.toLowerCase(), b]))
  return [...unique.values()].sort((a, b) => compareHex(a.hash, b.hash))
}

/**
 * The end of a batch (D4 "At rest", "Per-program rotation", D5): every program whose state,
 * code, nonce or Info changed is re-sealed under its key, and sorted into the commit body's
 * `updates` (registered programs) and `created` (programs made by programs in this batch).
 *
 * Per-program rotation (rule in ratchetProgram.ts): a program written in a new epoch ratchets
 * once; a program with `rotateEvery > 0` counts the call requests addressed to it and ratchets
 * when the count is reached. A ratcheted program has every blob re-sealed under its new key
 * (pages the batch did not touch are read through the loader under the old key first), and its
 * Info re-sealed. What the end of the batch writes (a counter, a new key, re-sealed blobs whose
 * plaintext did not change) is tagged with the batch's last accumulator, a proven chain fact, so
 * every honest enclave seals the same bytes. A called program that the batch never loaded (all
 * its requests had an invalid envelope, so none ran) is not counted: counting it would mean
 * loading it, which would add a `reads` entry for every program, rotating or not.
 */
import type { ChangedPage, ChangedProgram, EvmEngine } from '@racetee/engine'
import {
  type CommitBody,
  compareHex,
  errorCodes,
  type ProgramInfoV1,
  programRuntimes,
  RaceteeError,
  requestKinds,
} from '@racetee/protocol'
import { type Address, getAddress, type Hex } from 'viem'
import type { ExecuteBatchParameters } from './executeBatch.js'
import type { InfoAccessPolicy } from './InfoAccessPolicy.js'
import { type RekeyedState, sealProgram, type WrittenBlob } from './programSealer.js'
import { ratchetProgram, rotationStep, wipeProgramKeys } from './ratchetProgram.js'
import type { LoadedProgram, SealedProgramLoader } from './sealedProgramLoader.js'

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
  const calls = callCounts(p.input.requests)
  const loaded = new Set((await p.loader.consulted()).map((r) => getAddress(r.program)))
  const counted = [...calls.keys()].filter((address) => loaded.has(address))
  const addresses = [...new Set([...byAddress.keys(), ...p.infos.keys(), ...counted])].sort(compareHex)
  const blobs: WrittenBlob[] = []
  const updates: CommitBody['updates'] = []
  const created: CommitBody['created'] = []
  const managementKey = p.keyring.managementKey(p.epoch)
  // The batch's last accumulator: proven equal to what the enclave recomputed (D2.1), read once.
  let batchEnd: Promise<Hex> | undefined
  const endTag = () => (batchEnd ??= p.facts.checkpointAt(p.input.toBlock).then((c) => c.acc))
  /** SECRET: Info with ratcheted keys, wiped when sealing ends. */
  const ratcheted: ProgramInfoV1[] = []
  try {
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
      if (!info) {
        if (!change && !pending) continue // called, but not deployed: nothing to seal.
        throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'A changed program has no Info.', {
          details: `program ${address}`,
        })
      }
      const nonceChanged = change?.nonce != null && change.nonce.nonce !== info.nonce
      if (change?.nonce && nonceChanged) {
        info = { ...info, nonce: change.nonce.nonce }
        infoTags.push(change.nonce.writeTag)
      }
      // D4 "Per-program rotation": a write in a new epoch, or the call count reached.
      const written = change != null && (change.code !== null || change.pages.length > 0 || nonceChanged)
      const step = rotationStep({ info, epoch: p.epoch, written, calls: calls.get(address) ?? 0 })
      let rekey: RekeyedState | null = null
      if (step.ratchet) {
        const accW = await endTag()
        // Read what the batch did not touch while the old key still opens it.
        const unchangedPages = prior ? await readUnchangedPages(p.loader, prior, change) : []
        info = ratchetProgram({ keyring: p.keyring, epoch: p.epoch, program: address, info, ...step })
        ratcheted.push(info)
        infoTags.push(accW)
        rekey = { accW, unchangedPages }
      } else if (step.execCount !== info.execCount) {
        info = { ...info, execCount: step.execCount }
        infoTags.push(await endTag())
      }
      if (!change && infoTags.length === 0) continue // called, and its Info did not change.
      try {
        const { digest, blobs: sealedBlobs } = sealProgram({
          chainId: p.chainId,
          mc: p.mc,
          address,
          prior,
          info,
          infoSeal: infoTags.length > 0 ? { managementKey, epoch: p.epoch, accW: p.latest(infoTags) } : null,
          code: change?.code ?? null,
          pages: change?.pages ?? [],
          latest: p.latest,
          rekey,
        })
        blobs.push(...sealedBlobs)
        const record = await p.loader.record(address)
        if (record.registered)
          updates.push({ program: address, prevDigest: record.digest, newDigest: digest })
        else if (change?.creator)
          created.push({ program: address, creator: getAddress(change.creator), digest })
        else
          throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'An unregistered program changed.', {
            details: `program ${address}`,
          })
      } finally {
        // SECRET: pages read in clear for re-sealing.
        for (const page of rekey?.unchangedPages ?? []) for (const slot of page.slots) slot.value.fill(0)
      }
    }
  } finally {
    for (const info of ratcheted) wipeProgramKeys(info)
  }
  return { blobs, updates, created }
}

/** Call requests (kind call) per program, the count `rotateEvery` is measured in (D4). */
function callCounts(requests: ExecuteBatchParameters['input']['requests']): Map<Address, number> {
  const counts = new Map<Address, number>()
  for (const request of requests) {
    if (request.kind !== requestKinds.call) continue
    const program = getAddress(request.program)
    counts.set(program, (counts.get(program) ?? 0) + 1)
  }
  return counts
}

/** SECRET: the pages of `prior` the batch did not change, in clear, ascending by page. */
async function readUnchangedPages(
  loader: SealedProgramLoader,
  prior: LoadedProgram,
  change: ChangedProgram | undefined,
): Promise<Omit<ChangedPage, 'writeTag'>[]> {
  const changed = new Set((change?.pages ?? []).map((page) => page.page))
  const pages = [...prior.index.keys()]
    .filter((page) => !changed.has(page))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const out: Omit<ChangedPage, 'writeTag'>[] = []
  for (const page of pages) {
    const slots = await loader.loadPage(prior.address, page)
    out.push({
      page,
      slots: [...slots.entries()].sort(([a], [b]) => a - b).map(([offset, value]) => ({ offset, value })),
    })
  }
  return out
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

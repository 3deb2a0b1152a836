/**
 * Executes one batch of ordered requests inside the enclave and produces a signed commit
 * (D3.3, D4, D5). The host hands in requests and chain facts; what leaves is ciphertext,
 * hashes and signatures only.
 *
 * Order of work, each step a reason to refuse the batch with a fault (no output at all):
 * 1. the requests chain from the last commit with consecutive seqs inside `(last, toBlock]`,
 *    and the accumulator recomputed over them equals the chain's checkpoint at `toBlock`
 *    (D2.1: nothing invented, dropped, reordered or re-timed);
 * 2. each request is opened and run on the engine as its own transaction (D5);
 * 3. changed programs are sealed, results sealed into the bundle, the body built in canonical
 *    order and signed.
 * Determinism (D4): nothing here draws randomness or depends on timing or Map order, so every
 * honest enclave holding the same epoch secret produces the same body byte for byte.
 */
import { type EngineConfig, EvmEngine, type ExecutionOutcome, jsInitCode } from '@racetee/engine'
import {
  assertCanonicalCommitBody,
  type BundleEntry,
  blobsRoot,
  bundleEntryStatus,
  type CommitBody,
  commitId,
  commitSigningHash,
  encodeResultsBundle,
  encodeResultV1,
  errorCodes,
  type ProgramInfoV1,
  padToBucket,
  programRuntimes,
  RaceteeError,
  raceteeDomain,
  requestKinds,
  resolveBucketMin,
  resultStatus,
  resultsHash,
  storeAuthorizationSigningHash,
} from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, type Hex, isAddressEqual, zeroAddress } from 'viem'
import { sealResult } from '../crypto/resultSealer.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import { chainRequests } from './chainRequests.js'
import { EpochOpeners } from './EpochOpeners.js'
import { type EpochStart, requestEpochs, resealDue } from './epochTransition.js'
import { InfoAccessPolicy } from './InfoAccessPolicy.js'
import { openRequest } from './openRequest.js'
import { resealInfos } from './resealInfos.js'
import { dedupeSorted, sealChanges } from './sealChanges.js'
import { SealedProgramLoader } from './sealedProgramLoader.js'
import type { BatchInput, BatchOutput, BlobSource, ChainFacts } from './types.js'
export type ExecuteBatchParameters = {
  chainId: bigint
  mc: Address
  /** T and C of D3 (MC configuration). */
  limits: { maxProgramsPerRequest: number; maxCreatesPerRequest: number }
  /** The epoch in force at `toBlock`: Info is sealed under its management key. */
  epoch: bigint
  /**
   * Where that epoch began, its grace period and the registered program count, proven at
   * `toBlock`: the batch that first covers the grace period's end re-seals every Info still
   * under an older epoch (D4). Absent (tests of a single epoch), nothing is re-sealed.
   */
  epochStart?: (EpochStart & { programCount: bigint }) | undefined
  identity: EnclaveIdentity
  keyring: EpochKeyring
  facts: ChainFacts
  blobs: BlobSource
  input: BatchInput
}

export async function executeBatch(parameters: ExecuteBatchParameters): Promise<BatchOutput> {
  const { chainId, mc, epoch, identity, keyring, facts, blobs, input } = parameters
  const domain = raceteeDomain(chainId, mc)
  const last = await facts.lastCommit()
  const accs = chainRequests(last, input)
  const lastAcc = input.requests.length > 0 ? accs[accs.length - 1]! : last.acc
  const toSeq = input.requests.at(-1)?.seq ?? last.toSeq
  // D2.1: release nothing for a batch that is not the one the chain ordered.
  const checkpoint = await facts.checkpointAt(input.toBlock)
  if (checkpoint.seq !== toSeq || checkpoint.acc.toLowerCase() !== lastAcc.toLowerCase())
    throw new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'Requests do not match the chain checkpoint.', {
      details: `toBlock ${input.toBlock}: fed seq ${toSeq}, chain seq ${checkpoint.seq}`,
    })
  if (!keyring.has(epoch))
    throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The current epoch secret is not held.', {
      details: `epoch ${epoch}`,
    })
  // D4: each request runs in the epoch of the latest rotation before it (its prevrandao).
  const epochs = requestEpochs(epoch, input.requests)

  const seqOfTag = new Map<Hex, bigint>(input.requests.map((request, i) => [accs[i]!, request.seq]))
  const latest = (tags: readonly Hex[]): Hex =>
    tags.reduce((a, b) => ((seqOfTag.get(a) ?? 0n) >= (seqOfTag.get(b) ?? 0n) ? a : b))

  const loader = new SealedProgramLoader({ chainId, mc, facts, blobs, keyring })
  /** Info changed in this batch (deploys, ACL changes, nonces), with the tag of its last change. */
  const infos = new Map<Address, { info: ProgramInfoV1; accW: Hex }>()
  const currentInfo = async (program: Address): Promise<ProgramInfoV1 | null> =>
    infos.get(getAddress(program))?.info ?? (await loader.program(program))?.info ?? null
  const engineConfig: EngineConfig = { chainId, coinbase: mc, ...parameters.limits }
  // D5 "Access"/"Admin": ACLs and admins as changed so far in the batch, by either kind of admin.
  const access = new InfoAccessPolicy(currentInfo, infos)
  const engine = await EvmEngine.create(engineConfig, loader, access)
  const openers = new EpochOpeners(keyring, chainId, mc)
  const entries: BundleEntry[] = []

  try {
    for (const [i, request] of input.requests.entries()) {
      if (request.kind === requestKinds.rotate) continue // D4 rotations: handled by key management (issue 5).
      const acc = accs[i]!
      const accBefore = i === 0 ? last.acc : accs[i - 1]!
      const { opener, info } = await openers.get(request.epoch)
      const opened = await openRequest({ request, opener, chainId, mc, info })
      if (opened.kind === 'envelopeInvalid') {
        entries.push({
          seq: request.seq,
          acc,
          program: request.program,
          status: bundleEntryStatus.envelopeInvalid,
          sealed: new Uint8Array(),
        })
        continue
      }
      const block = {
        number: request.blockNumber,
        timestamp: request.timestamp,
        parentHash: request.parentHash,
        prevrandao: deferredPrevrandao(keyring, epochs[i]!, accBefore),
      }
      let outcome: ExecutionOutcome
      switch (opened.kind) {
        case 'failed':
          outcome = emptyOutcome(opened.status)
          break
        case 'call':
          outcome = await engine.execute({
            kind: 'call',
            caller: request.caller,
            to: request.program,
            data: opened.data,
            gasLimit: request.gasLimit,
            block,
            writeTag: acc,
          })
          break
        case 'deploy': {
          const { body } = opened
          // D5: a JS program deploys as EVM init code that installs the dispatcher stub and its source.
          const initCode = body.runtime === programRuntimes.js ? jsDeployCode(body.code) : body.code
          if (!initCode) {
            outcome = emptyOutcome(resultStatus.malformedRequest)
            break
          }
          outcome = await engine.execute({
            kind: 'deploy',
            caller: request.caller,
            address: request.program,
            initCode,
            gasLimit: request.gasLimit,
            block,
            writeTag: acc,
          })
          if (outcome.status === resultStatus.success)
            infos.set(getAddress(request.program), {
              accW: acc,
              info: {
                runtime: body.runtime,
                programKey: keyring.programKey(epoch, request.program, acc),
                keyVersion: 0,
                keyEpoch: epoch,
                admin: getAddress(request.caller),
                acl: body.config.acl.map((a) => getAddress(a)),
                rotateEvery: body.config.rotateEvery,
                keepHistory: body.config.keepHistory,
                execCount: 0,
                nonce: 1n,
                resultBucketMin: body.config.resultBucketMin,
                pageBucketMin: body.config.pageBucketMin,
                retainedKeys: [],
              },
            })
          break
        }
        case 'acl': {
          const info = await currentInfo(request.program)
          if (!info) outcome = emptyOutcome(resultStatus.programNotFound)
          else if (!isAddressEqual(info.admin, request.caller))
            outcome = emptyOutcome(resultStatus.accessDenied)
          else {
            const { acl, newAdmin } = opened.body
            infos.set(getAddress(request.program), {
              accW: acc,
              info: {
                ...info,
                acl: acl.map((a) => getAddress(a)),
                admin: newAdmin === zeroAddress ? info.admin : getAddress(newAdmin),
              },
            })
            outcome = emptyOutcome(resultStatus.success)
          }
          break
        }
      }
      const bucketMin = resolveBucketMin((await currentInfo(request.program))?.resultBucketMin ?? 0)
      const plaintext = padToBucket(encodeResultV1(outcome), bucketMin, Infinity)
      const sealed = sealResult({
        resultBase: opened.resultBase,
        seq: request.seq,
        acc,
        chainId,
        mc,
        program: request.program,
        plaintext,
      })
      // SECRET: the result plaintext, the result base and the decoded request body.
      plaintext.fill(0)
      opened.resultBase.fill(0)
      if (opened.kind === 'call') opened.data.fill(0)
      else if (opened.kind === 'deploy') opened.body.code.fill(0)
      entries.push({
        seq: request.seq,
        acc,
        program: request.program,
        status: bundleEntryStatus.sealed,
        sealed,
      })
    }

    const { epochStart } = parameters
    if (epochStart && resealDue({ epoch, start: epochStart, last, toBlock: input.toBlock }))
      await resealInfos({
        epoch,
        programCount: epochStart.programCount,
        programs: input.programs,
        facts,
        blobs,
        loader,
        infos,
        accW: lastAcc,
      })
    const sealed = await sealChanges({ ...parameters, engine, loader, infos, access, latest })
    const bundle = encodeResultsBundle(entries)
    // The bundle's blob hash is its resultsHash (P4): hashed once, it is the batch's largest blob.
    const bundleHash = resultsHash(bundle)
    const written = [...sealed.blobs, { hash: bundleHash, bytes: bundle }]
    const consulted = await loader.consulted()
    const updatedSet = new Set([...sealed.updates, ...sealed.created].map((u) => u.program.toLowerCase()))
    const body: CommitBody = {
      prevCommit: last.commitId,
      fromBlock: last.toBlock + 1n,
      toBlock: input.toBlock,
      toSeq,
      accAfter: lastAcc,
      epoch,
      reads: consulted.filter((r) => !updatedSet.has(r.program.toLowerCase())),
      updates: sealed.updates,
      created: sealed.created,
      resultsHash: bundleHash,
      blobsRoot: blobsRoot(written.map((b) => b.hash)),
    }
    // P0/P6: never sign a body the MC would refuse as non-canonical (a fault, not a commit).
    assertCanonicalCommitBody(body)
    const beneficiary = getAddress(input.beneficiary)
    const blobsOut = dedupeSorted(written)
    return {
      body,
      commitId: commitId(domain, body),
      signature: identity.signTypedDataHash(commitSigningHash(domain, { body, beneficiary })),
      beneficiary,
      blobs: blobsOut,
      resultsBundle: bundle,
      storeAuthorization: identity.signTypedDataHash(
        storeAuthorizationSigningHash(domain, {
          prevCommit: body.prevCommit,
          blobsRoot: body.blobsRoot,
          toBlock: body.toBlock,
        }),
      ),
    }
  } finally {
    await loader.wipe()
    for (const { info } of infos.values()) info.programKey.fill(0)
  }
}

/**
 * D4 prevrandao, derived only if the request reads it (most never do). An epoch whose secret is
 * not held is still a fault here and now, whether or not the request would read it.
 */
function deferredPrevrandao(keyring: EpochKeyring, epoch: bigint, accBefore: Hex): () => Hex {
  if (!keyring.has(epoch)) keyring.prevrandao(epoch, accBefore) // throws ENCLAVE_EPOCH_UNKNOWN
  return () => bytesToHex(keyring.prevrandao(epoch, accBefore))
}

/** A JS program's init code, or null when its source is not UTF-8 (a malformed request). */
function jsDeployCode(source: Uint8Array): Uint8Array | null {
  try {
    return jsInitCode(new TextDecoder('utf-8', { fatal: true }).decode(source))
  } catch {
    return null
  }
}

function emptyOutcome(status: ExecutionOutcome['status']): ExecutionOutcome {
  return { status, gasUsed: 0n, returnData: new Uint8Array(), logs: [] }
}

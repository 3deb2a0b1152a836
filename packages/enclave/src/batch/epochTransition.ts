/**
 * The epoch boundaries inside and around a batch (D4 "Epoch rotation"), as pure rules over
 * proven facts, so every honest enclave applies them identically (D4 "Determinism"):
 * - which epoch each request ran in (its prevrandao is derived from that epoch's secret);
 * - which batch re-seals every program's Info still under an older epoch: the one whose range
 *   first reaches `rotationBlock + G`, the end of the grace period;
 * - when the older epoch secrets may be erased: once a commit past that point is on chain.
 * @module
 */
import { errorCodes, RaceteeError, requestKinds } from '@racetee/protocol'
import type { BatchRequest, CommitAnchor } from './types.js'

/** Where the current epoch began and how long the previous one stays accepted (proven). */
export type EpochStart = { rotationBlock: bigint; gracePeriod: bigint }

/**
 * The epoch in force for each request: the epoch of the latest rotation entry before it, or for
 * requests before any rotation of the batch, the batch epoch less the rotations in the batch.
 * Rotation entries are accumulator entries (P2), so these epochs are proven with the batch.
 */
export function requestEpochs(batchEpoch: bigint, requests: readonly BatchRequest[]): bigint[] {
  const out = new Array<bigint>(requests.length)
  let current = batchEpoch
  for (let i = requests.length - 1; i >= 0; i--) {
    const request = requests[i]!
    out[i] = current
    if (request.kind === requestKinds.rotate) {
      if (request.epoch !== current)
        throw new RaceteeError(
          errorCodes.ENCLAVE_BATCH_UNPROVEN,
          'A rotation entry names an unexpected epoch.',
          {
            details: `seq ${request.seq}: epoch ${request.epoch}, expected ${current}`,
          },
        )
      current -= 1n
    }
  }
  return out
}

/** True for the batch that first covers the end of the current epoch's grace period. */
export function resealDue(parameters: {
  epoch: bigint
  start: EpochStart
  last: CommitAnchor
  toBlock: bigint
}): boolean {
  const { epoch, start, last, toBlock } = parameters
  if (epoch === 0n) return false
  const graceEnd = start.rotationBlock + start.gracePeriod
  return last.toBlock < graceEnd && graceEnd <= toBlock
}

/**
 * Epochs older than the current one whose secrets may be erased: the chain holds a commit past
 * the grace period's end, which re-sealed every Info still under them (`resealDue`), and no
 * request to them can be accepted any more. Nothing is erased while the current epoch is not
 * held (an enclave behind on rotations must not throw away what it still needs).
 */
export function retiredEpochs(parameters: {
  held: readonly bigint[]
  epoch: bigint
  start: EpochStart
  last: CommitAnchor
}): bigint[] {
  const { held, epoch, start, last } = parameters
  if (!held.includes(epoch)) return []
  if (last.toBlock < start.rotationBlock + start.gracePeriod) return []
  return held.filter((e) => e < epoch)
}

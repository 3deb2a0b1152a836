/**
 * A batch's `ChainFacts` from two verified headers (D2.1, D3.3; ARCHITECTURE decision 19): the
 * batch's own `toBlock` and a later fact block F ≥ toBlock, normally the host's confirmed head.
 *
 * Why two: the last commit may land after `toBlock` (a backlog split across rounds), and a
 * challenge may roll it back later still, so the state at `toBlock` can name a last commit that
 * is no longer, or not yet, the one the MC will check. What the commit chains from is read at F:
 * - the last commit, and the program digests after it (the state the batch runs on);
 * - the checkpoint of `toBlock` (the live values at F, or the ring entry covering it), which the
 *   enclave compares with the accumulator it computed over the requests it was fed.
 * What must not depend on which F an enclave was given, so that every honest enclave signs the
 * same body for the same range (D4), is read at `toBlock`:
 * - whether a program was registered: `createProgram` registers a program at its request, so a
 *   program registered after `toBlock` (digest still 0) is not part of the batch. Registration
 *   at F also counts for programs a commit created (non-zero digest at F), because a commit that
 *   landed after `toBlock`, or one rolled back by F, changed them;
 * - the epoch and its rotation block (read by the caller from the `toBlock` view).
 * Both views must describe one chain: the checkpoint of `toBlock` read at `toBlock` (its live
 * values) must equal the one read at F, so a reorg between the two header fetches is refused
 * rather than mixed. Equal accumulators mean equal request, rotation and deploy histories up to
 * `toBlock` (P2 folds each entry's block, parent hash, kind and program).
 * @module
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, type Hex, zeroHash } from 'viem'
import type { ChainFacts, CommitAnchor, ProgramRecord } from '../batch/types.js'
import type { ProvenChainView } from './types.js'

export type BatchChainFactsParameters = {
  /** The view at the batch's `toBlock`. */
  atToBlock: ProvenChainView
  /** The view at the fact block F ≥ `toBlock` (may be the same view). */
  atFactBlock: ProvenChainView
  /** The ring index of `toBlock`'s checkpoint at F, needed when a request came after `toBlock`. */
  ringHint?: bigint | undefined
}

function unproven(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'Chain fact cannot be proven.', { details })
}

export function batchChainFacts(parameters: BatchChainFactsParameters): ChainFacts {
  const { atToBlock, atFactBlock, ringHint } = parameters
  const toBlock = atToBlock.header.number
  if (atFactBlock.header.number < toBlock)
    throw new RangeError('atFactBlock must be a view at or after the batch’s toBlock')
  let checkpoint: Promise<{ seq: bigint; acc: Hex }> | undefined

  async function provenCheckpoint(): Promise<{ seq: bigint; acc: Hex }> {
    const [own, atF] = await Promise.all([
      atToBlock.checkpointAt(toBlock),
      atFactBlock.checkpointAt(toBlock, ringHint),
    ])
    if (own.seq !== atF.seq || own.acc.toLowerCase() !== atF.acc.toLowerCase())
      throw unproven(
        `checkpoint of block ${toBlock}: seq ${own.seq} at its own header, ${atF.seq} at block ${atFactBlock.header.number} (not one chain)`,
      )
    return atF
  }

  return {
    lastCommit(): Promise<CommitAnchor> {
      return atFactBlock.lastCommit()
    },

    checkpointAt(block: bigint): Promise<{ seq: bigint; acc: Hex }> {
      if (block !== toBlock)
        return Promise.reject(unproven(`checkpoint of block ${block} in a batch to ${toBlock}`))
      if (!checkpoint) {
        const pending = provenCheckpoint()
        checkpoint = pending
        pending.catch(() => {
          if (checkpoint === pending) checkpoint = undefined // a failed relay is asked again
        })
      }
      return checkpoint
    },

    async program(address: Address): Promise<ProgramRecord> {
      const atF = await atFactBlock.program(address)
      if (!atF.registered || atF.digest !== zeroHash || atToBlock === atFactBlock) return atF
      // Registered at F with no state yet: part of the batch only if its createProgram request
      // came by toBlock (a program a commit created always has a digest).
      if ((await atToBlock.program(address)).registered) return atF
      return { registered: false, digest: atF.digest, registeredLater: true }
    },
  }
}

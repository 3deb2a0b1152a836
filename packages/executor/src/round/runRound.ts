/**
 * One round of the executor (D7 "Round"): take every block since the last accepted commit up
 * to the confirmed head, have the enclave execute them (it proves the chain facts itself,
 * D2.1), store the blobs, collect k confirmations, check the race is still open, submit.
 *
 * Crash safety: the commit transaction is signed first, recorded in the progress store with
 * its hash, and only then sent; a restart finds it there and settles it before doing anything
 * else (`settlePending`). A lost race costs nothing: the next round starts from the winner.
 * Losing is found before sending (the last commit moved) or by a revert while the last commit
 * moved (StaleCommit); either way the round adopts the winner: it compares the winner's body
 * with ours and challenges a divergence (race/adoptWinner.ts, D3.3). A lost race is a report,
 * never a failure.
 *
 * D3.3 "split at block boundaries": a round takes whole blocks only while their entries fit
 * one commit (capRoundRange.ts); the next round takes the rest. The enclave proves the last
 * commit and `toBlock`'s checkpoint at the fact block, the confirmed head at round start
 * (decision 19), so every round of a backlog can be cut, wherever the last commit landed; the
 * round names the ring entry of `toBlock`'s checkpoint when requests came after it. While
 * commits are frozen by a challenge, rounds are idle; storing is abandoned as soon as another
 * commit lands.
 *
 * Logs carry seqs, counts, hashes and durations, never payloads (they are ciphertext anyway,
 * but nothing here needs them).
 */
import type { BatchInput, BatchOutput, ExecuteBatchCall } from '@racetee/enclave'
import { errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { collectBatchRequests } from '../chain/collectBatchRequests.js'
import { mcChainFacts } from '../chain/mcChainFacts.js'
import type { StorageConfirmation } from '../chain/submitCommit.js'
import { adoptWinner, type RaceVerdict } from '../race/adoptWinner.js'
import type { ProgressStore } from '../state/progressStore.js'
import { abandonWhen } from '../storage/abandonWhen.js'
import type { StorageNetwork } from '../storage/storageNetwork.js'
import type { StoreProgress } from '../storage/storeToThreshold.js'
import { capRoundRange } from './capRoundRange.js'
import { sendCommit } from './sendCommit.js'

/** What a round needs of the enclave: only the serialised batch call (the child process). */
export type BatchExecutor = { executeBatch(input: ExecuteBatchCall): Promise<BatchOutput> }

export type RoundContext = {
  /** Aborted when the node stops: a round waiting for storage confirmations gives up (D6). */
  signal?: AbortSignal
  /** Storage progress while a batch waits for k confirmations (health shows why it waits). */
  onStorageProgress?: (progress: StoreProgress) => void
  client: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  mc: Address
  enclave: BatchExecutor
  storage: StorageNetwork
  progress: ProgressStore
  logger: Logger
  /** Blocks to wait behind the head (D7 "configurable confirmation depth"; 0 on the devnet). */
  confirmationDepth: bigint
  beneficiary: Address
  /** k of D6, from the MC's configuration. */
  storageThreshold: number
  /**
   * Every program registered at `factBlock` when this round is the first past an epoch's grace
   * period (D4, `EpochKeeper.resealPrograms`); such a round runs even without requests.
   */
  resealPrograms?: (lastToBlock: bigint, toBlock: bigint, factBlock: bigint) => Promise<Address[] | undefined>
}

export type RoundReport =
  | { kind: 'idle'; head: bigint }
  | {
      kind: 'committed'
      commitId: Hex
      fromSeq: bigint
      toSeq: bigint
      toBlock: bigint
      txHash: Hex
      ms: number
    }
  /** `verdict`: what comparing with the winner found (absent when commits froze instead). */
  | { kind: 'lost'; toSeq: bigint; reason: string; verdict?: RaceVerdict }

export async function runRound(ctx: RoundContext): Promise<RoundReport> {
  const started = performance.now()
  const { client, mc, logger } = ctx
  await settlePending(ctx)
  const facts = mcChainFacts(client, mc)
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const headTo = head - ctx.confirmationDepth
  const last = await facts.lastCommit()
  if (headTo <= last.toBlock) return { kind: 'idle', head }
  // D3.3: after a challenge nothing lands until governance unfreezes; executing would be wasted.
  if (await facts.frozen()) {
    logger.debug({ head }, 'commits frozen by a challenge; waiting for governance')
    return { kind: 'idle', head }
  }
  const headCheckpoint = await facts.checkpointAt(headTo)
  let toBlock = headTo
  let requests: BatchInput['requests'] = []
  /** Decision 19: the ring entry of a cut `toBlock`'s checkpoint at the fact block. */
  let ringHint: bigint | undefined
  if (headCheckpoint.seq !== last.toSeq) {
    const all = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock: headTo })
    const maxEntries = await facts.maxEntriesPerCommit()
    let range = capRoundRange({ entries: all, toBlock: headTo, maxEntries })
    if (range.capped) {
      ringHint = await ringEntryOf(facts, range.toBlock)
      // After a rollback (decision 49) the ring may have overwritten the cut's checkpoint while
      // the faulty commit stood; the whole range in one commit beats a round that never ends.
      if (ringHint === undefined) {
        logger.warn(
          { toBlock: range.toBlock, head: headTo },
          'no ring checkpoint at the cut; taking the whole range',
        )
        range = {
          toBlock: headTo,
          entries: all,
          capped: false,
          overCap: BigInt(all.length) > (maxEntries ?? 0n),
        }
      }
    }
    ;({ toBlock, entries: requests } = range)
    if (range.capped)
      logger.info(
        { toBlock, entries: requests.length, left: all.length - requests.length, head: headTo },
        'round capped at a block boundary so its commit fits one transaction',
      )
    if (range.overCap)
      logger.warn(
        { toBlock, entries: requests.length, maxEntries },
        'round over the commit cap: one block alone is over it',
      )
  }
  // Decision 19: the enclave proves what the commit chains from at the fact block (here the
  // confirmed head the range was read at) and `toBlock`'s checkpoint there, from the ring entry
  // named when the range was cut (requests came after `toBlock`).
  const factBlock = headTo
  const programs = await ctx.resealPrograms?.(last.toBlock, toBlock, factBlock)
  if (requests.length === 0 && !programs) return { kind: 'idle', head }

  const fromSeq = last.toSeq + 1n
  const toSeq = requests.at(-1)?.seq ?? last.toSeq
  logger.info({ fromSeq, toSeq, fromBlock: last.toBlock + 1n, toBlock }, 'round started')
  const output = await ctx.enclave.executeBatch({
    toBlock,
    factBlock,
    ...(ringHint === undefined ? {} : { ringHint }),
    requests,
    beneficiary: ctx.beneficiary,
    ...(programs ? { programs } : {}),
  })
  // Storing waits for k confirmations as long as it takes (D6); a commit landing meanwhile
  // makes the wait pointless, so it is abandoned and the round adopts the winner (D7).
  const abandon = abandonWhen({
    check: async () => !sameId((await facts.lastCommit()).commitId, output.body.prevCommit),
    intervalMs: 500,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  })
  let confirmations: StorageConfirmation[]
  try {
    confirmations = await ctx.storage.store({
      authorization: {
        prevCommit: output.body.prevCommit,
        blobsRoot: output.body.blobsRoot,
        toBlock: output.body.toBlock,
        signature: output.storeAuthorization,
      },
      blobs: output.blobs.map((b) => b.bytes),
      threshold: ctx.storageThreshold,
      signal: abandon.signal,
      ...(ctx.onStorageProgress ? { onProgress: ctx.onStorageProgress } : {}),
    })
  } catch (err) {
    if (!abandon.signal.aborted) throw err
    if (ctx.signal?.aborted) throw err // the node is stopping: not a race
    logger.info({ toSeq: output.body.toSeq }, 'race lost while storing')
    return lose(ctx, output, 'another commit landed while storing')
  } finally {
    abandon.stop()
  }

  // D7: check the race is still open before paying for a commit that would revert.
  const now = await facts.lastCommit()
  if (!sameId(now.commitId, output.body.prevCommit)) {
    logger.info({ toSeq: output.body.toSeq, winner: now.commitId }, 'race lost before submitting')
    return lose(ctx, output, 'another commit landed first')
  }
  let txHash: Hex | undefined
  for (let attempt = 1; txHash === undefined; attempt++) {
    try {
      txHash = await sendCommit(ctx, output, confirmations, await facts.ringHint(toBlock))
    } catch (err) {
      // The gas estimate reverts when a commit landed since our check (StaleCommit) or a
      // challenge froze commits: both are races, not faults. A record left pending is settled
      // against the chain by the next round.
      if (!sameId((await facts.lastCommit()).commitId, output.body.prevCommit)) {
        logger.info({ toSeq: output.body.toSeq }, 'race lost while sending')
        return lose(ctx, output, 'another commit landed while sending')
      }
      if (await facts.frozen()) return { kind: 'lost', toSeq: output.body.toSeq, reason: 'commits frozen' }
      // A request can land between reading the ring hint and the estimate; one more try.
      if (attempt >= 2) throw err
    }
  }
  const receipt = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 100 })
  const progress = ctx.progress.get()
  if (receipt.status !== 'success') {
    ctx.progress.update({ pending: null, rounds: progress.rounds + 1 })
    const after = await facts.lastCommit()
    if (!sameId(after.commitId, output.body.prevCommit)) {
      logger.info({ toSeq: output.body.toSeq, txHash, winner: after.commitId }, 'commit reverted (race lost)')
      return lose(ctx, output, 'commit reverted: another commit landed first')
    }
    // Not a lost race: a challenge froze commits first (not our fault), or a real fault.
    if (await facts.frozen()) {
      logger.warn({ toSeq: output.body.toSeq, txHash }, 'commit reverted: commits are frozen by a challenge')
      return { kind: 'lost', toSeq: output.body.toSeq, reason: 'commits frozen' }
    }
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'The commit reverted.', {
      details: `transaction ${txHash}, toSeq ${output.body.toSeq}, the last commit unchanged`,
    })
  }
  ctx.progress.update({
    pending: null,
    lastCommitId: output.commitId,
    lastToSeq: output.body.toSeq,
    rounds: progress.rounds + 1,
    commitsWon: progress.commitsWon + 1,
  })
  const ms = Math.round(performance.now() - started)
  logger.info(
    {
      commitId: output.commitId,
      fromSeq,
      toSeq: output.body.toSeq,
      toBlock,
      txHash,
      blobs: output.blobs.length,
      ms,
    },
    'committed',
  )
  return {
    kind: 'committed',
    commitId: output.commitId,
    fromSeq,
    toSeq: output.body.toSeq,
    toBlock,
    txHash,
    ms,
  }
}

/** D7: a lost race adopts the winner (compare, challenge a divergence); never a failure. */
async function lose(ctx: RoundContext, output: BatchOutput, reason: string): Promise<RoundReport> {
  const verdict = await adoptWinner(ctx, output)
  return { kind: 'lost', toSeq: output.body.toSeq, reason, verdict }
}

const sameId = (a: Hex, b: Hex) => a.toLowerCase() === b.toLowerCase()

/** The ring slot of `toBlock`'s checkpoint, or undefined when the ring no longer holds it. */
async function ringEntryOf(
  facts: ReturnType<typeof mcChainFacts>,
  toBlock: bigint,
): Promise<bigint | undefined> {
  try {
    return await facts.ringHint(toBlock)
  } catch (err) {
    // `ringHint` raises CHAIN_RPC_FAILED only when no entry covers the block; an RPC error is
    // viem's own and fails the round as before.
    if (isRaceteeError(err, errorCodes.CHAIN_RPC_FAILED)) return undefined
    throw err
  }
}

/**
 * After a restart: a commit recorded as pending either landed, reverted, or never reached the
 * chain. The chain's last commit decides; the record is cleared in every case, and a commit
 * that did not land is simply recomputed by the next round (deterministic, D4).
 */
export async function settlePending(
  ctx: Pick<RoundContext, 'client' | 'mc' | 'progress' | 'logger'>,
): Promise<void> {
  const pending = ctx.progress.get().pending
  if (!pending) return
  const receipt = await ctx.client.getTransactionReceipt({ hash: pending.txHash }).catch(() => null)
  const last = await mcChainFacts(ctx.client, ctx.mc).lastCommit()
  const landed = last.commitId === pending.commitId || receipt?.status === 'success'
  const p = ctx.progress.get()
  ctx.progress.update({
    pending: null,
    ...(landed
      ? { lastCommitId: pending.commitId, lastToSeq: pending.toSeq, commitsWon: p.commitsWon + 1 }
      : {}),
  })
  ctx.logger.info(
    { txHash: pending.txHash, toSeq: pending.toSeq, landed },
    'settled a commit pending from before a restart',
  )
}

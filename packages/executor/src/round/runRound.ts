/**
 * One round of the executor (D7 "Round"): take every block since the last accepted commit up
 * to the confirmed head, have the enclave execute them (it proves the chain facts itself,
 * D2.1), store the blobs, collect k confirmations, check the race is still open, submit.
 *
 * Crash safety: the commit transaction is signed first, recorded in the progress store with
 * its hash, and only then sent; a restart finds it there and settles it before doing anything
 * else (`settlePending`). A lost race costs nothing: the next round starts from the winner.
 * Logs carry seqs, counts, hashes and durations, never payloads (they are ciphertext anyway,
 * but nothing here needs them).
 */
import type { BatchInput, BatchOutput } from '@racetee/enclave'
import { managementContractAbi } from '@racetee/protocol'
import type { Logger } from 'pino'
import {
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  type Hex,
  keccak256,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { collectBatchRequests } from '../chain/collectBatchRequests.js'
import { mcChainFacts } from '../chain/mcChainFacts.js'
import { commitArgs, type StorageConfirmation } from '../chain/submitCommit.js'
import type { ProgressStore } from '../state/progressStore.js'
import type { StorageNetwork } from '../storage/storageNetwork.js'

/** What a round needs of the enclave: only the serialised batch call (the child process). */
export type BatchExecutor = { executeBatch(input: BatchInput): Promise<BatchOutput> }

export type RoundContext = {
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
   * Every registered program when this round is the first past an epoch's grace period (D4,
   * `EpochKeeper.resealPrograms`); such a round runs even without requests.
   */
  resealPrograms?: (lastToBlock: bigint, toBlock: bigint) => Promise<Address[] | undefined>
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
  | { kind: 'lost'; toSeq: bigint; reason: string }

export async function runRound(ctx: RoundContext): Promise<RoundReport> {
  const started = performance.now()
  const { client, mc, logger } = ctx
  await settlePending(ctx)
  const facts = mcChainFacts(client, mc)
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const toBlock = head - ctx.confirmationDepth
  const last = await facts.lastCommit()
  if (toBlock <= last.toBlock) return { kind: 'idle', head }
  const checkpoint = await facts.checkpointAt(toBlock)
  const programs = await ctx.resealPrograms?.(last.toBlock, toBlock)
  if (checkpoint.seq === last.toSeq && !programs) return { kind: 'idle', head }

  const requests = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock })
  const fromSeq = last.toSeq + 1n
  logger.info({ fromSeq, toSeq: checkpoint.seq, fromBlock: last.toBlock + 1n, toBlock }, 'round started')
  const output = await ctx.enclave.executeBatch({
    toBlock,
    requests,
    beneficiary: ctx.beneficiary,
    ...(programs ? { programs } : {}),
  })
  const confirmations = await ctx.storage.store({
    authorization: {
      prevCommit: output.body.prevCommit,
      blobsRoot: output.body.blobsRoot,
      toBlock: output.body.toBlock,
      signature: output.storeAuthorization,
    },
    blobs: output.blobs.map((b) => b.bytes),
    threshold: ctx.storageThreshold,
  })

  // D7: check the race is still open before paying for a commit that would revert.
  const now = await facts.lastCommit()
  if (now.commitId !== output.body.prevCommit) {
    logger.info({ toSeq: output.body.toSeq, winner: now.commitId }, 'race lost before submitting')
    return { kind: 'lost', toSeq: output.body.toSeq, reason: 'another commit landed first' }
  }
  const txHash = await sendCommit(ctx, output, confirmations, await facts.ringHint(toBlock))
  const receipt = await client.waitForTransactionReceipt({ hash: txHash, pollingInterval: 100 })
  const progress = ctx.progress.get()
  if (receipt.status !== 'success') {
    ctx.progress.update({ pending: null, rounds: progress.rounds + 1 })
    logger.warn({ toSeq: output.body.toSeq, txHash }, 'commit reverted (race lost)')
    return { kind: 'lost', toSeq: output.body.toSeq, reason: 'commit reverted' }
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

/** Signs the commit, records it as pending (durably), then sends it. */
async function sendCommit(
  ctx: RoundContext,
  output: BatchOutput,
  confirmations: readonly StorageConfirmation[],
  ringHint: bigint,
): Promise<Hex> {
  const { wallet, mc } = ctx
  const request = await wallet.prepareTransactionRequest({
    account: wallet.account,
    chain: wallet.chain,
    to: mc,
    data: encodeFunctionData({
      abi: managementContractAbi,
      functionName: 'commit',
      args: commitArgs(output, confirmations, ringHint),
    }),
  })
  const serialized = await wallet.signTransaction({
    ...request,
    account: wallet.account,
    chain: wallet.chain,
  } as never)
  const txHash = keccak256(serialized)
  ctx.progress.update({
    pending: {
      txHash,
      commitId: output.commitId,
      prevCommit: output.body.prevCommit,
      toBlock: output.body.toBlock,
      toSeq: output.body.toSeq,
    },
  })
  await wallet.sendRawTransaction({ serializedTransaction: serialized })
  return txHash
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

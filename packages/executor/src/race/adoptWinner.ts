/**
 * What an executor does after losing a race (D7 "A lost race costs no state", D3.3
 * "challenge"): read the winning commit, compare its body with ours, and when the two differ
 * for the same `prevCommit` and `toBlock`, submit `challenge(ours, our signature, winner,
 * winner's signature, ringHint)`, which freezes commits until governance revokes the faulty
 * enclave and, when the winner is still the last commit, rolls it back so that its range is
 * committed again once governance unfreezes (ARCHITECTURE decision 49). `ringHint` names the
 * ring entry of the block before the range; when none is found (it left the ring, or reading
 * failed) the challenge only freezes (`NO_ROLLBACK`), which anyone may follow with a rollback.
 *
 * When the winner agrees, its batch is ours byte for byte: it is cached and replicated to the
 * storage nodes the winning commit does not name (issue 6, `replicateWinner`).
 *
 * A lost race is normal operation, never a round failure: every fault here (an RPC error, a
 * challenge that reverts because someone challenged first or the signer was revoked) is logged
 * and reported, and the next round starts from the chain's last commit as always. Logs carry
 * commit ids, field names and addresses only.
 */
import type { BatchOutput } from '@racetee/enclave'
import {
  commitSigningHash,
  isRaceteeError,
  managementContractAbi,
  type RaceteeDomain,
  raceteeDomain,
} from '@racetee/protocol'
import type { Logger } from 'pino'
import {
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  recoverAddress,
  type Transport,
  type WalletClient,
} from 'viem'
import { mcChainFacts } from '../chain/mcChainFacts.js'
import type { StorageNetwork } from '../storage/storageNetwork.js'
import { availabilitySigners } from './availabilitySigners.js'
import { compareCommits } from './compareCommits.js'
import { readWinningCommit, type WinningCommit } from './readWinningCommit.js'

export type AdoptWinnerContext = {
  client: PublicClient
  wallet: WalletClient<Transport, Chain | undefined, Account>
  mc: Address
  logger: Logger
  /** The ring entry covering a block (default: read from the MC, `mcChainFacts.ringHint`). */
  ringHint?: (block: bigint) => Promise<bigint>
  /** Where an agreeing winner's batch (our own blobs) is replicated; absent: not at all. */
  storage?: Pick<StorageNetwork, 'replicate'>
}

/** `challenge`'s ringHint that asks for no rollback (the MC's `NO_ROLLBACK`). */
export const NO_ROLLBACK = 2n ** 256n - 1n

export type RaceVerdict =
  /** Same range, same body: the normal outcome of a race among honest enclaves. */
  | { kind: 'agrees'; winner: Hex }
  /** Same range, different body: challenged (`challengeTx`) unless the challenge reverted. */
  | { kind: 'diverges'; winner: Hex; challengeTx: Hex | null }
  /** The winner covers another range (it saw another head): nothing to compare. */
  | { kind: 'otherRange'; winner: Hex }
  /** The winner could not be read or decoded (or reading it failed). */
  | { kind: 'unknown' }

export async function adoptWinner(ctx: AdoptWinnerContext, own: BatchOutput): Promise<RaceVerdict> {
  const { logger } = ctx
  try {
    const winner = await readWinningCommit(ctx.client, ctx.mc, own.body)
    if (!winner) {
      logger.warn({ ownCommit: own.commitId }, 'race lost; the winning commit could not be read')
      return { kind: 'unknown' }
    }
    const domain = raceteeDomain(ctx.wallet.chain?.id ?? (await ctx.client.getChainId()), ctx.mc)
    const comparison = compareCommits(domain, own.body, winner.commit.body)
    const ids = { ownCommit: own.commitId, winnerCommit: winner.commitId }
    if (comparison.kind === 'agrees') {
      // This message is what operators and e2e/race.test.ts count agreeing losses by: kept as is.
      logger.info(
        { ...ids, toSeq: own.body.toSeq, beneficiary: winner.commit.beneficiary },
        'race lost; winner agrees',
      )
      if (ctx.storage) await replicateWinner(ctx.storage, ctx.logger, domain, own, winner, ids)
      return { kind: 'agrees', winner: winner.commitId }
    }
    if (comparison.kind === 'otherRange') {
      logger.debug(
        { ...ids, ownToBlock: own.body.toBlock, winnerToBlock: winner.commit.body.toBlock },
        'race lost; the winner covers another range',
      )
      return { kind: 'otherRange', winner: winner.commitId }
    }
    const winnerSigner = await recoverAddress({
      hash: commitSigningHash(domain, winner.commit),
      signature: winner.signature,
    })
    // D3.3: loud on purpose. Honest enclaves cannot disagree, so one of the two signers is faulty.
    logger.error(
      { ...ids, winnerSigner, fields: comparison.fields, toBlock: own.body.toBlock },
      'race lost; WINNER DIVERGES from our commit: challenging',
    )
    const challengeTx = await submitChallenge(ctx, own, winner)
    return { kind: 'diverges', winner: winner.commitId, challengeTx }
  } catch (err) {
    logger.warn(
      { ownCommit: own.commitId, code: isRaceteeError(err) ? err.code : (err as Error).name },
      'race lost; adopting the winner failed',
    )
    return { kind: 'unknown' }
  }
}

/**
 * Issue 6 ("adopt the winner's commit, fetch its blobs"): an agreeing winner's body is ours
 * but for the beneficiary, so its `blobsRoot` is ours and its batch is our output's blobs byte
 * for byte; nothing needs fetching. The winner waited for k of n confirmations only and may
 * die before its repairer finishes, so every node its commit does not name is sent the batch
 * under our own store authorisation (same prevCommit, blobsRoot, toBlock, signed by our
 * admitted enclave), and our cache keeps it for the next round. Best effort: a failure here
 * is logged and the verdict stands.
 */
async function replicateWinner(
  storage: Pick<StorageNetwork, 'replicate'>,
  logger: Logger,
  domain: RaceteeDomain,
  own: BatchOutput,
  winner: WinningCommit,
  ids: { ownCommit: Hex; winnerCommit: Hex },
): Promise<void> {
  const { prevCommit, blobsRoot, toBlock } = winner.commit.body
  try {
    const except = await availabilitySigners(domain, { prevCommit, blobsRoot }, winner.storageSignatures)
    const queued = await storage.replicate({
      authorization: { prevCommit, blobsRoot, toBlock, signature: own.storeAuthorization },
      blobs: own.blobs.map((b) => b.bytes),
      except,
    })
    logger.info(
      { ...ids, holding: except, replicateTo: queued },
      `race lost; winner agrees; replicating its batch to ${queued.length} nodes`,
    )
  } catch (err) {
    logger.warn(
      { ...ids, code: isRaceteeError(err) ? err.code : (err as Error).name },
      'race lost; winner agrees; replicating its batch failed',
    )
  }
}

/** Simulates first (a revert costs no gas and names its reason), then sends and waits. */
async function submitChallenge(
  ctx: AdoptWinnerContext,
  own: BatchOutput,
  winner: WinningCommit,
): Promise<Hex | null> {
  const args = [
    { body: own.body, beneficiary: own.beneficiary },
    own.signature,
    winner.commit,
    winner.signature,
    await rollbackHint(ctx, own.body.fromBlock - 1n),
  ] as const
  try {
    await ctx.client.simulateContract({
      address: ctx.mc,
      abi: managementContractAbi,
      functionName: 'challenge',
      args,
      account: ctx.wallet.account,
    })
  } catch (err) {
    ctx.logger.warn(
      { ownCommit: own.commitId, winnerCommit: winner.commitId, revert: revertName(err) },
      'challenge refused by the MC',
    )
    return null
  }
  const hash = await ctx.wallet.writeContract({
    address: ctx.mc,
    abi: managementContractAbi,
    functionName: 'challenge',
    args,
    account: ctx.wallet.account,
    chain: ctx.wallet.chain,
  })
  const receipt = await ctx.client.waitForTransactionReceipt({ hash, pollingInterval: 100 })
  if (receipt.status !== 'success') {
    ctx.logger.warn(
      { ownCommit: own.commitId, winnerCommit: winner.commitId, txHash: hash },
      'challenge reverted',
    )
    return null
  }
  ctx.logger.warn(
    { ownCommit: own.commitId, winnerCommit: winner.commitId, txHash: hash },
    'challenge submitted; commits are frozen until governance acts',
  )
  return hash
}

async function rollbackHint(ctx: AdoptWinnerContext, blockBefore: bigint): Promise<bigint> {
  try {
    return await (ctx.ringHint ?? mcChainFacts(ctx.client, ctx.mc).ringHint)(blockBefore)
  } catch (err) {
    ctx.logger.warn(
      { block: blockBefore, code: isRaceteeError(err) ? err.code : (err as Error).name },
      'no checkpoint before the disputed range: the challenge freezes without rolling back',
    )
    return NO_ROLLBACK
  }
}

function revertName(err: unknown): string {
  const reverted =
    err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null
  if (reverted instanceof ContractFunctionRevertedError) return reverted.data?.errorName ?? 'unknown revert'
  return (err as Error).name
}

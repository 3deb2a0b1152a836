/**
 * Waits until an executor has a commit in flight (D7 crash safety, runRound.ts): its progress
 * file records a pending commit (written before the transaction is sent) and the node's
 * mempool holds that transaction, not yet mined. With mining paused (`pauseMining`) that state
 * lasts until the test acts, so a kill at that moment is deterministic, not a lucky race.
 * Polls; never sleeps for a guessed time.
 */
import { type PendingCommit, ProgressStore } from '@racetee/executor'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Address, PublicClient } from 'viem'

export type WaitForCommitInFlightParameters = {
  client: PublicClient
  dataDir: string
  chainId: number
  mc: Address
  timeoutMs?: number
}

const POLL_MS = 20

export async function waitForCommitInFlight(
  parameters: WaitForCommitInFlightParameters,
): Promise<PendingCommit> {
  const { client, dataDir, chainId, mc } = parameters
  const deadline = Date.now() + (parameters.timeoutMs ?? 20_000)
  for (;;) {
    const pending = ProgressStore.open(dataDir, { chainId, mc }).get().pending
    if (pending) {
      const tx = await client.getTransaction({ hash: pending.txHash }).catch(() => null)
      if (tx && tx.blockNumber !== null)
        throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The commit was mined already.', {
          details: `${pending.txHash} in block ${tx.blockNumber}: is mining paused?`,
        })
      if (tx) return pending
    }
    if (Date.now() > deadline)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'No commit went in flight in time.', {
        details: `${dataDir}/progress.json, pending ${pending ? pending.txHash : 'none'}`,
      })
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/**
 * Collects k `Availability` confirmations for one batch from the registered storage nodes
 * (D6, D3.3 check 5, D7 "store blobs, collect k confirmations").
 *
 * Every node is asked at once. It resolves as soon as `threshold` distinct registered nodes
 * confirmed, and never waits on a slow or dead node beyond that: the nodes still missing are
 * returned with their attempt in flight, for the repairer to finish. Until k confirmations
 * exist, each missing node is asked again with capped exponential backoff, so commits wait
 * through an outage and resume when a node returns; progress is logged (confirmed i of k, and
 * which node failed with which code). It gives up only when the caller's signal aborts (the
 * round abandoned, e.g. the race lost), or when so many nodes refused for good (a malformed or
 * too large batch) that k can no longer be met: both are EXECUTOR_CONFIRMATIONS_SHORT.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { StorageConfirmation } from '../chain/submitCommit.js'
import { type Backoff, backoffDelay, sleep } from './backoff.js'
import type { NodeStoreOutcome, StorageNode } from './storeOnNode.js'

/** What `onProgress` is told after every answer: for health, metrics or a round's log. */
export type StoreProgress = {
  blobsRoot: Hex
  confirmed: number
  threshold: number
  /** The last error code of every node that has not confirmed (yet), by signer. */
  failures: Record<Address, string>
}

export type UnconfirmedNode = {
  node: StorageNode
  /** The attempt still running when k was reached; its outcome belongs to the repairer. */
  inFlight?: Promise<NodeStoreOutcome>
}

export type StoreToThresholdParameters = {
  nodes: readonly StorageNode[]
  threshold: number
  /** One attempt on one node; never throws (outcomes are data). */
  send: (node: StorageNode, signal: AbortSignal | undefined) => Promise<NodeStoreOutcome>
  blobsRoot: Hex
  backoff: Backoff
  logger: Pick<Logger, 'info' | 'warn'>
  signal?: AbortSignal | undefined
  onProgress?: ((progress: StoreProgress) => void) | undefined
}

export type StoreToThresholdReturnType = {
  /** At least `threshold`, one per distinct registered signer. */
  confirmations: StorageConfirmation[]
  /** Nodes that had not confirmed when k was reached (refusing ones excluded). */
  unconfirmed: UnconfirmedNode[]
}

export async function storeToThreshold(
  parameters: StoreToThresholdParameters,
): Promise<StoreToThresholdReturnType> {
  const { threshold, send, blobsRoot, backoff, logger, signal, onProgress } = parameters
  if (!Number.isSafeInteger(threshold) || threshold < 1)
    throw new RangeError('threshold must be a positive integer')
  // The MC lists each signer once; a list with repeats must still not count one node twice.
  const nodes = [...new Map(parameters.nodes.map((n) => [n.signer.toLowerCase(), n])).values()]
  const short = (why: string, cause?: unknown) =>
    new RaceteeError(errorCodes.EXECUTOR_CONFIRMATIONS_SHORT, 'Too few storage nodes confirmed the batch.', {
      details: `${blobsRoot}: ${why}`,
      ...(cause === undefined ? {} : { cause }),
    })
  if (nodes.length < threshold) throw short(`${nodes.length} nodes registered, ${threshold} needed`)

  const confirmations: StorageConfirmation[] = []
  const confirmedBy = new Set<string>()
  const refused = new Set<string>()
  const failures = new Map<Address, string>()
  const inFlight = new Map<string, Promise<NodeStoreOutcome>>()
  // Aborted once the outcome is decided, to wake the loops sleeping between attempts.
  const stop = new AbortController()
  const failureList = () => [...failures].map(([signer, code]) => `${signer}: ${code}`).join(', ')

  return new Promise<StoreToThresholdReturnType>((resolve, reject) => {
    let finished = false
    const finish = (settle: () => void) => {
      if (finished) return
      finished = true
      stop.abort()
      signal?.removeEventListener('abort', onAbort)
      settle()
    }
    const onAbort = () =>
      finish(() =>
        reject(
          short(`abandoned with ${confirmations.length} of ${threshold} (${failureList()})`, signal?.reason),
        ),
      )
    const report = () =>
      onProgress?.({
        blobsRoot,
        confirmed: confirmations.length,
        threshold,
        failures: Object.fromEntries(failures),
      })
    const decide = () => {
      if (confirmations.length >= threshold)
        finish(() =>
          resolve({
            confirmations: [...confirmations],
            unconfirmed: nodes
              .filter((n) => !confirmedBy.has(key(n)) && !refused.has(key(n)))
              .map((node) => {
                const running = inFlight.get(key(node))
                return running ? { node, inFlight: running } : { node }
              }),
          }),
        )
      else if (nodes.length - refused.size < threshold)
        finish(() => reject(short(`nodes refused the batch for good (${failureList()})`)))
    }

    async function ask(node: StorageNode): Promise<void> {
      for (let attempt = 0; !finished; attempt++) {
        const sending = send(node, signal)
        inFlight.set(key(node), sending)
        const outcome = await sending
        // Decided meanwhile: an attempt still running was handed over with the result.
        if (finished) return
        inFlight.delete(key(node))
        if (outcome.ok) {
          confirmations.push(outcome.confirmation)
          confirmedBy.add(key(node))
          failures.delete(node.signer)
          logger.info(
            { blobsRoot, node: node.signer, confirmed: confirmations.length, threshold },
            'storage node confirmed',
          )
          report()
          decide()
          return
        }
        failures.set(node.signer, outcome.code)
        if (outcome.permanent) {
          refused.add(key(node))
          logger.warn(
            { blobsRoot, node: node.signer, code: outcome.code, details: outcome.details },
            'storage node refused the batch; not asking it again',
          )
          report()
          decide()
          return
        }
        const retryInMs = backoffDelay(attempt, backoff)
        logger.warn(
          {
            blobsRoot,
            node: node.signer,
            code: outcome.code,
            details: outcome.details,
            attempt: attempt + 1,
            retryInMs,
            confirmed: confirmations.length,
            threshold,
          },
          'storage node failed; will retry',
        )
        report()
        if (!(await sleep(retryInMs, stop.signal))) return
      }
    }

    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    // `send` never throws by contract; if it does anyway, the store fails rather than hangs.
    for (const node of nodes) ask(node).catch((err: unknown) => finish(() => reject(err)))
  })
}

function key(node: StorageNode): string {
  return node.signer.toLowerCase()
}

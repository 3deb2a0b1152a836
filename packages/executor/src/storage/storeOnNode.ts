/**
 * One attempt to store a batch on one storage node (D6), with a deadline, returning the
 * outcome as data so the threshold store and the repairer can count, log and retry it.
 *
 * The deadline matters because a node may accept the TCP connection and never answer: without
 * one a single such node would hold a round forever. A confirmation counts only if it recovers
 * to the signer the MC registered for this URL (D3.3 check 5 counts registered signers only).
 * Refusals that will not change on a retry (a malformed or too large body) are marked
 * `permanent`; everything else, 403 included (the node's chain may lag `toBlock`), is retried.
 */
import { type ErrorCode, errorCodes, isRaceteeError } from '@racetee/protocol'
import { type SignedStoreAuthorization, storeBlobs } from '@racetee/storage'
import { type Address, isAddressEqual } from 'viem'
import type { StorageConfirmation } from '../chain/submitCommit.js'

/** A storage node as the MC registers it (D3.1). */
export type StorageNode = { signer: Address; url: string }

export type NodeStoreOutcome =
  | { ok: true; confirmation: StorageConfirmation }
  | { ok: false; code: ErrorCode; details: string; permanent: boolean }

export type StoreOnNodeParameters = {
  node: StorageNode
  authorization: SignedStoreAuthorization
  /** `encodeStoreRequest(authorization, blobs)`, encoded once for every node and attempt. */
  body: Uint8Array
  chainId: number | bigint
  mc: Address
  /** The whole request, answer included, must finish within this. */
  timeoutMs: number
  /** The caller giving up (the round abandoned, the repairer closed). */
  signal?: AbortSignal | undefined
}

const PERMANENT: readonly ErrorCode[] = [errorCodes.STORAGE_BAD_REQUEST, errorCodes.STORAGE_TOO_LARGE]
const MAX_DETAILS = 200

export async function storeOnNode(parameters: StoreOnNodeParameters): Promise<NodeStoreOutcome> {
  const { node, authorization, body, chainId, mc, timeoutMs, signal } = parameters
  const deadline = AbortSignal.timeout(timeoutMs)
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline
  try {
    const answer = await storeBlobs({ url: node.url, chainId, mc, authorization, body, signal: combined })
    if (!isAddressEqual(answer.signer, node.signer))
      return {
        ok: false,
        code: errorCodes.STORAGE_CONFIRMATION_INVALID,
        details: `answered as ${answer.signer}, registered as ${node.signer}`,
        permanent: false,
      }
    return { ok: true, confirmation: { signer: node.signer, signature: answer.signature } }
  } catch (err) {
    if (deadline.aborted && !signal?.aborted)
      return {
        ok: false,
        code: errorCodes.STORAGE_UNAVAILABLE,
        details: `no answer within ${timeoutMs} ms`,
        permanent: false,
      }
    if (signal?.aborted)
      return { ok: false, code: errorCodes.STORAGE_UNAVAILABLE, details: 'abandoned', permanent: false }
    if (isRaceteeError(err))
      return {
        ok: false,
        code: err.code,
        details: (err.details ?? err.shortMessage).slice(0, MAX_DETAILS),
        permanent: PERMANENT.includes(err.code),
      }
    // storeBlobs throws TypeError/RangeError only for arguments: here, a registered URL that is
    // not http(s). Asking again cannot help.
    return {
      ok: false,
      code: errorCodes.STORAGE_BAD_REQUEST,
      details: (err as Error).message.slice(0, MAX_DETAILS),
      permanent: true,
    }
  }
}

/**
 * Shape check of the host's read call (D2: the host may lie): types and sizes only, refused as
 * PROTOCOL_MALFORMED naming the field. What the fields claim is checked against proven state
 * and the query's own signature in `answerRead`.
 */
import { address, hex, malformed, uint64 } from '../process/validateCall.js'
import type { ReadCallParams } from './readMessages.js'

/** The largest query envelope accepted: the largest request bucket (128 KiB) plus HPKE framing. */
export const MAX_READ_ENVELOPE_BYTES = 128 * 1024 + 64

export function parseReadCall(params: unknown): ReadCallParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw malformed('params', 'is not an object')
  const p = params as Record<string, unknown>
  const envelope = hex(p.envelope, 'envelope')
  if ((envelope.length - 2) / 2 > MAX_READ_ENVELOPE_BYTES) throw malformed('envelope', 'is too large')
  return {
    atBlock: uint64(p.atBlock, 'atBlock'),
    account: address(p.account, 'account'),
    epoch: uint64(p.epoch, 'epoch'),
    envelope,
  }
}

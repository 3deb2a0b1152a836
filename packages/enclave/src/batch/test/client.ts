/**
 * Test helper: the user's side of a request (D8) over the fake chain: seal a body to the
 * epoch's request key (P3), keep `resultBase`, send it in a block, and later open its result
 * from a commit's results bundle (P4). Sealing and sending are separate so the same envelopes
 * can be ordered on several fake chains (batching and determinism tests).
 */
import {
  decodeResultsBundle,
  openResult,
  type RequestKind,
  type ResultV1,
  sealRequestEnvelope,
} from '@racetee/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import type { BatchOutput } from '../types.js'
import type { FakeChain, PushRequest } from './FakeChain.js'

/** A sealed request as its sender holds it before sending. */
export type SealedRequest = PushRequest & {
  /** SECRET in real life; the test keeps it to open the result. */
  resultBase: Uint8Array
}

export type SealParameters = {
  chainId: bigint
  mc: Address
  requestPublicKey: Hex
  blockNumber: bigint
  kind: RequestKind
  program: Address
  caller: Address
  body: Uint8Array
  gasLimit: bigint
  /** The epoch `requestPublicKey` belongs to (the request names it); default 0. */
  epoch?: bigint
}

/** Seals `body` as `caller` would (P3), for the block it is meant to land in. */
export async function seal(parameters: SealParameters): Promise<SealedRequest> {
  const { chainId, mc, blockNumber, kind, program, caller, body, gasLimit, epoch = 0n } = parameters
  const { envelope, resultBase } = await sealRequestEnvelope({
    recipientPublicKey: parameters.requestPublicKey,
    chainId,
    mc,
    epoch,
    program,
    caller,
    kind,
    body,
  })
  return { blockNumber, kind, program, caller, epoch, gasLimit, payload: bytesToHex(envelope), resultBase }
}

/** A request as ordered on one chain: its seq there, and the sender's resultBase. */
export type SentRequest = { seq: bigint; sealed: SealedRequest }

export function send(chain: FakeChain, sealed: SealedRequest): SentRequest {
  return { seq: chain.push(sealed).seq, sealed }
}

/** Opens the result of `sent` (with `resultBase`, default its own) from whichever output holds it. */
export function resultOf(
  chain: FakeChain,
  outputs: readonly BatchOutput[],
  sent: SentRequest,
  resultBase: Uint8Array = sent.sealed.resultBase,
): ResultV1 {
  for (const output of outputs) {
    const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === sent.seq)
    if (!entry) continue
    return openResult({
      resultBase,
      seq: entry.seq,
      acc: entry.acc,
      chainId: chain.chainId,
      mc: chain.mc,
      program: entry.program,
      sealed: entry.sealed,
    })
  }
  throw new RangeError(`no bundle entry for seq ${sent.seq}`)
}

/**
 * Reads a request's `Request(seq, program, caller, kind, epoch, gasLimit, payload)` event from
 * its transaction receipt (D3.2, D8 "reads seq from the receipt's Request log"). Only logs
 * emitted by the MC count: any contract can emit an event with the same signature.
 */
import { errorCodes, managementContractAbi, RaceteeError, type RequestKind } from '@racetee/protocol'
import { type Address, type Hex, isAddressEqual, parseEventLogs, type TransactionReceipt } from 'viem'

export type RequestLog = {
  seq: bigint
  program: Address
  caller: Address
  kind: RequestKind
  epoch: bigint
  gasLimit: bigint
  payload: Hex
  blockNumber: bigint
}

/** SDK_REQUEST_NOT_FOUND when the transaction reverted or has no `Request` log of `mc`. */
export function findRequestLog(receipt: TransactionReceipt, mc: Address): RequestLog {
  const notFound = (why: string): never => {
    throw new RaceteeError(errorCodes.SDK_REQUEST_NOT_FOUND, 'The transaction carries no request.', {
      details: `${receipt.transactionHash}: ${why}`,
    })
  }
  if (receipt.status !== 'success') return notFound('reverted')
  const ours = receipt.logs.filter((log) => isAddressEqual(log.address, mc))
  const [log, more] = parseEventLogs({ abi: managementContractAbi, logs: ours, eventName: 'Request' })
  if (!log) return notFound(`no Request log of ${mc}`)
  // One request per transaction is all the SDK sends; a batching contract's several requests
  // would need the caller to say which one it means.
  if (more) return notFound('several Request logs')
  const a = log.args
  return {
    seq: a.seq,
    program: a.program,
    caller: a.caller,
    kind: a.kind as RequestKind,
    epoch: a.epoch,
    gasLimit: a.gasLimit,
    payload: a.payload,
    blockNumber: receipt.blockNumber,
  }
}

/**
 * The enclave's first check of a batch (D2.1, D3.3 checks 1-2): the requests it was fed chain
 * from the last commit with consecutive seqs, and the accumulator over them, which the caller
 * compares with the proven checkpoint. A batch that fails releases nothing.
 */
import { accumulate, errorCodes, RaceteeError, type RequestKind, requestKinds } from '@racetee/protocol'
import { type Hex, keccak256 } from 'viem'
import type { BatchInput } from './types.js'

/**
 * D2.1 / D3.3 checks 1-2 on the enclave's side: seqs consecutive from the last commit, blocks
 * inside `(last.toBlock, toBlock]` and non-decreasing. Returns `acc_seq` for every request.
 */
export function chainRequests(last: { toBlock: bigint; toSeq: bigint; acc: Hex }, input: BatchInput): Hex[] {
  if (input.toBlock <= last.toBlock)
    throw unproven(`toBlock ${input.toBlock} is not after the last commit's ${last.toBlock}`)
  const accs: Hex[] = []
  let acc = last.acc
  let expectedSeq = last.toSeq + 1n
  let lastBlock = last.toBlock + 1n
  for (const request of input.requests) {
    if (request.seq !== expectedSeq) throw unproven(`seq ${request.seq} where ${expectedSeq} was due`)
    if (request.blockNumber < lastBlock || request.blockNumber > input.toBlock)
      throw unproven(`seq ${request.seq} in block ${request.blockNumber}, outside the batch or out of order`)
    const payloadHash =
      request.kind === requestKinds.rotate ? request.rotationStructHash : keccak256(request.payload)
    if (!payloadHash) throw unproven(`rotation seq ${request.seq} has no struct hash`)
    acc = accumulate(acc, { ...request, kind: request.kind as RequestKind, payloadHash })
    accs.push(acc)
    expectedSeq++
    lastBlock = request.blockNumber
  }
  return accs
}

function unproven(details: string): RaceteeError {
  return new RaceteeError(
    errorCodes.ENCLAVE_BATCH_UNPROVEN,
    'The batch does not chain from the last commit.',
    { details },
  )
}

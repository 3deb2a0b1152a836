/**
 * Gathers the accumulator entries of blocks `[fromBlock, toBlock]` from the MC's `Request` and
 * `Rotated` logs, with each block's timestamp and parent hash (P2), in `seq` order: the input
 * of one round (D7). The enclave re-checks all of it against the checkpoint (D2.1), so a
 * mistake here makes the round fail, never a wrong commit.
 */
import type { BatchRequest } from '@racetee/enclave'
import { managementContractAbi, requestKinds, rotationStructHash } from '@racetee/protocol'
import { type Address, type Hex, type PublicClient, parseEventLogs, zeroAddress } from 'viem'

export async function collectBatchRequests(
  client: PublicClient,
  mc: Address,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<BatchRequest[]> {
  if (range.toBlock < range.fromBlock) return []
  const raw = await client.getLogs({ address: mc, fromBlock: range.fromBlock, toBlock: range.toBlock })
  const logs = parseEventLogs({ abi: managementContractAbi, logs: raw, eventName: ['Request', 'Rotated'] })
  const blocks = new Map<bigint, Promise<{ timestamp: bigint; parentHash: Hex }>>()
  const blockOf = (n: bigint) => {
    let block = blocks.get(n)
    if (!block) {
      block = client
        .getBlock({ blockNumber: n })
        .then((b) => ({ timestamp: b.timestamp, parentHash: b.parentHash }))
      blocks.set(n, block)
    }
    return block
  }
  const requests = await Promise.all(
    logs.map(async (log): Promise<BatchRequest> => {
      const { timestamp, parentHash } = await blockOf(log.blockNumber)
      const where = { blockNumber: log.blockNumber, timestamp, parentHash }
      if (log.eventName === 'Request') {
        const a = log.args
        return {
          ...where,
          seq: a.seq,
          kind: a.kind,
          program: a.program,
          caller: a.caller,
          epoch: a.epoch,
          gasLimit: a.gasLimit,
          payload: a.payload,
        }
      }
      // P2: a rotation's entry names the account that sent `rotate` and hashes the Rotation struct.
      const a = log.args
      const { from } = await client.getTransaction({ hash: log.transactionHash })
      const rotation = {
        epoch: a.epoch,
        requestPublicKey: a.requestPublicKey,
        registryVersion: a.registryVersion,
        grants: [...a.grants],
      }
      return {
        ...where,
        seq: a.seq,
        kind: requestKinds.rotate,
        program: zeroAddress,
        caller: from,
        epoch: a.epoch,
        gasLimit: 0n,
        payload: '0x',
        rotationStructHash: rotationStructHash(rotation),
      }
    }),
  )
  return requests.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
}

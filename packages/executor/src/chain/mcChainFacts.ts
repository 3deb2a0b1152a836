/**
 * The host's reading of the management contract (D3.2, D3.3), shaped as the enclave's
 * `ChainFacts`. Untrusted: in issue 2 the enclave takes these facts as given; issue 3 puts a
 * `ChainView` with storage proofs checked inside the enclave behind the same shape (D2.1).
 */
import type { ChainFacts, CommitAnchor, ProgramRecord } from '@racetee/enclave'
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Address, Hex, PublicClient } from 'viem'
import { findRingEntry } from './findRingEntry.js'

export type McReader = ChainFacts & {
  /**
   * The ring slot whose checkpoint covers `toBlock`; when the live values do (P2), the slot they
   * move to at the next block's first request, so the hint holds if a request lands first.
   */
  ringHint(toBlock: bigint): Promise<bigint>
  /** True after a `challenge` until governance unfreezes (D3.3): no commit can land. */
  frozen(): Promise<boolean>
  /**
   * Most accumulator entries one commit may carry: the MC's per-block bound
   * `blockQuotaGas / commitGasPerRequest` (D3.2 quota), so a commit over several blocks stays as
   * small as a full block's (D3.3 "split at block boundaries"). Undefined when the MC sets none.
   */
  maxEntriesPerCommit(): Promise<bigint | undefined>
}

export function mcChainFacts(client: PublicClient, mc: Address): McReader {
  const read = <T>(functionName: string, args: readonly unknown[] = [], blockNumber?: bigint): Promise<T> =>
    client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName,
      args,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    } as never) as Promise<T>

  /** P2: the live values when `live.block ≤ toBlock`, else the ring entry with `block ≤ toBlock < nextBlock` (`findRingEntry`). */
  async function covering(toBlock: bigint): Promise<{ seq: bigint; acc: Hex; ringHint: bigint }> {
    // Every read at one block: a block's first request moves `live` into the ring and bumps
    // `ringCount` together, so reads at "latest" could see the new `live` with the old count
    // and miss the entry that covers toBlock (seen once in e2e/race.test under load).
    const at = await client.getBlockNumber({ cacheTime: 0 })
    const [live, { ringSize }, count] = await Promise.all([
      read<{ block: number | bigint; seq: bigint; acc: Hex }>('live', [], at),
      read<{ ringSize: bigint }>('config', [], at),
      read<bigint>('ringCount', [], at),
    ])
    // The MC ignores the hint while the live values cover toBlock; the next block's first request
    // moves them to ring slot `count % ringSize`, so that slot is the hint that stays right if a
    // request lands before our commit does (RequestLog._closeBlock).
    if (BigInt(live.block) <= toBlock) return { seq: live.seq, acc: live.acc, ringHint: count % ringSize }
    const found = await findRingEntry({
      count,
      ringSize,
      toBlock,
      entry: async (index) => {
        const e = await read<{ block: number | bigint; seq: bigint; acc: Hex; nextBlock: number | bigint }>(
          'ringEntry',
          [index % ringSize],
          at,
        )
        return { block: BigInt(e.block), nextBlock: BigInt(e.nextBlock), seq: e.seq, acc: e.acc }
      },
    })
    if (found) return { seq: found.entry.seq, acc: found.entry.acc, ringHint: found.index % ringSize }
    throw new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'No checkpoint covers the block.', {
      details: `toBlock ${toBlock}`,
    })
  }

  return {
    async lastCommit(): Promise<CommitAnchor> {
      const c = await read<{ commitId: Hex; toBlock: number | bigint; toSeq: bigint; acc: Hex }>('lastCommit')
      return { commitId: c.commitId, toBlock: BigInt(c.toBlock), toSeq: c.toSeq, acc: c.acc }
    },
    async checkpointAt(toBlock) {
      const { seq, acc } = await covering(toBlock)
      return { seq, acc }
    },
    async ringHint(toBlock) {
      return (await covering(toBlock)).ringHint
    },
    async frozen() {
      return (await read<{ frozen: boolean }>('lastCommit')).frozen
    },
    async maxEntriesPerCommit() {
      const { blockQuotaGas, commitGasPerRequest } = await read<{
        blockQuotaGas: bigint
        commitGasPerRequest: bigint
      }>('config')
      return commitGasPerRequest === 0n ? undefined : BigInt(blockQuotaGas) / BigInt(commitGasPerRequest)
    },
    async program(address): Promise<ProgramRecord> {
      const [registered, digest] = await Promise.all([
        read<boolean>('isProgram', [address]),
        read<Hex>('digestOf', [address]),
      ])
      return { registered, digest }
    },
  }
}

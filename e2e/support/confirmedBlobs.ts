/**
 * The blobs storage nodes confirmed, as the chain and the disk tell it (D6, P5, P6):
 * - `onChain`: from every `Committed` event, its results bundle (`resultsHash`) and, from the
 *   commit transaction's body, each updated or created program's new head (its digest);
 * - `headParts`: the code, index and Info blobs a head names (the head is public, 96 bytes);
 * - `storedBlobs`: the blob files in a node's data dir (`blobs/<first 2 hex>/<hash>`, the
 *   layout of docs/storage-api.md).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeProgramHead, managementContractAbi } from '@racetee/protocol'
import { type Address, decodeFunctionData, type Hex, type PublicClient, parseEventLogs } from 'viem'

export type ConfirmedOnChain = {
  commits: number
  resultsHashes: Hex[]
  /** Every head digest a commit set, zero digests excluded. */
  heads: Hex[]
}

const ZERO: Hex = `0x${'0'.repeat(64)}`

export async function blobsOnChain(parameters: {
  client: PublicClient
  mc: Address
  fromBlock: bigint
}): Promise<ConfirmedOnChain> {
  const { client, mc, fromBlock } = parameters
  const logs = parseEventLogs({
    abi: managementContractAbi,
    eventName: 'Committed',
    logs: await client.getLogs({ address: mc, fromBlock }),
  })
  const heads = new Set<Hex>()
  for (const log of logs) {
    const tx = await client.getTransaction({ hash: log.transactionHash })
    const call = decodeFunctionData({ abi: managementContractAbi, data: tx.input })
    if (call.functionName !== 'commit') throw new TypeError(`Committed by a ${call.functionName} call`)
    const { body } = call.args[0]
    for (const update of body.updates) heads.add(update.newDigest)
    for (const created of body.created) heads.add(created.digest)
  }
  heads.delete(ZERO)
  return {
    commits: logs.length,
    resultsHashes: logs.map((log) => log.args.resultsHash),
    heads: [...heads],
  }
}

/** The three blobs a program head names: code, index (`stateRoot`) and Info. */
export function headParts(head: Uint8Array): Hex[] {
  const { codeHash, stateRoot, infoHash } = decodeProgramHead(head)
  return [codeHash, stateRoot, infoHash]
}

/** Names of the blob files a storage node holds, sorted. */
export async function storedBlobs(dataDir: string): Promise<Hex[]> {
  const names: Hex[] = []
  const root = join(dataDir, 'blobs')
  for (const shard of (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()))
    for (const name of await readdir(join(root, shard.name)))
      if (/^0x[0-9a-f]{64}$/.test(name)) names.push(name as Hex)
  return names.sort()
}

/**
 * Scenario `reorg of the last blocks` (issue 6, D7 "handles reorgs"): once the first part of the
 * workload is committed, anvil reorganises the chain from the block of part 1's first request
 * (`anvil_reorg`): the new branch holds the same signed request transactions, all in its first
 * block, and not the commit that covered them. So the requests keep their seqs but get another
 * block, timestamp and parent hash (another accumulator), and the commit the executor made is
 * gone: it must notice, execute the range again on the new branch and commit it once.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import type { Scenario } from '../support/runScenario.js'

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await res.json()) as { result?: unknown; error?: { code?: unknown } }
  if (body.error)
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'An anvil call failed.', {
      details: `${method}: error ${String(body.error.code)}`,
    })
  return body.result
}

export const reorg: Scenario = {
  name: 'reorg of the last blocks',
  expectsFaults: true,
  async arm(devnet, log) {
    const { publicClient: client, mc } = devnet
    let reorgs = 0
    return {
      async inject({ seqs, hashes }) {
        const lastSeq = [...seqs].sort((a, b) => (a < b ? 1 : -1))[0]!
        const covering = await pollUntil(
          async () =>
            (await committedRanges(client, { mc, fromBlock: devnet.deployBlock })).find(
              (r) => r.toSeq >= lastSeq,
            ),
          { what: 'a commit covering part 1', timeoutMs: 60_000 },
        )
        const receipts = await Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })))
        receipts.sort((a, b) =>
          a.blockNumber === b.blockNumber
            ? a.transactionIndex - b.transactionIndex
            : a.blockNumber < b.blockNumber
              ? -1
              : 1,
        )
        const from = receipts[0]!.blockNumber
        const depth = Number((await client.getBlockNumber()) - from + 1n)
        const raw = (await Promise.all(
          receipts.map((r) => rpc(devnet.rpcUrl, 'eth_getRawTransactionByHash', [r.transactionHash])),
        )) as Hex[]
        await rpc(devnet.rpcUrl, 'anvil_reorg', [depth, raw.map((tx) => [tx, 0])])
        reorgs++
        const after = await committedRanges(client, { mc, fromBlock: devnet.deployBlock })
        if (after.some((r) => r.commitId === covering.commitId))
          throw new RaceteeError(
            errorCodes.TOOLING_FAILED,
            'The reorg kept the commit it should have dropped.',
            {
              details: covering.commitId,
            },
          )
        const moved = await client.getTransactionReceipt({ hash: receipts[0]!.transactionHash })
        log(
          `reorg of ${depth} blocks from block ${from}: commit ${covering.commitId} dropped, ` +
            `${raw.length} requests re-mined in block ${moved.blockNumber}`,
        )
      },
      heal: async () => {},
      injected: () => reorgs,
      stop: async () => {},
    }
  },
}

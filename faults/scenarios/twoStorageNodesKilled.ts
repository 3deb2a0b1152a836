/**
 * Scenario `storage 2 of 3 killed, 1 back` (issue 6, D6: with two of three nodes down k = 2
 * cannot be met): two storage nodes are killed after the first part of the workload; the second
 * part is ordered on chain but must not commit (the surviving node stores the batch after the
 * last commit, and no commit covers those seqs); then one node is restarted on its data dir and port, and every
 * request, those waiting included, must be answered.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { zeroHash } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { logLines } from '../../e2e/support/logLines.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import type { Scenario } from '../support/runScenario.js'
import { crash } from '../support/serviceControls.js'

export const twoStorageNodesKilled: Scenario = {
  name: 'storage 2 of 3 killed, 1 back',
  expectsFaults: true,
  async arm(devnet, log) {
    let kills = 0
    const [first, second] = [devnet.storage[0]!, devnet.storage[1]!]
    return {
      async inject() {
        await crash(first)
        await crash(second)
        kills += 2
        log('storage nodes 0 and 1 killed')
      },
      async heal({ seqs }) {
        const lowest = [...seqs].sort((a, b) => (a < b ? -1 : 1))[0]!
        const survivor = devnet.storage[2]!
        // Commits wait: the batch after the last commit reached storage (the surviving node
        // logged storing it) and still no commit covers part 2: one confirmation of k = 2.
        const ranges = await pollUntil(
          async () => {
            const now = await committedRanges(devnet.publicClient, {
              mc: devnet.mc,
              fromBlock: devnet.deployBlock,
            })
            const last = now.at(-1)?.commitId ?? zeroHash
            const stored = logLines(survivor.logFile).some((l) => l.msg === 'stored' && l.prevCommit === last)
            return stored ? now : undefined
          },
          { what: 'the batch after the last commit stored on the surviving node', timeoutMs: 30_000 },
        )
        const covered = ranges.filter((r) => r.toSeq >= lowest)
        if (covered.length > 0)
          throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A commit landed without k storage nodes.', {
            details: `commit ${covered[0]!.commitId} covers seq ${lowest} or later`,
          })
        log(`commits wait (executor degraded, seq ${lowest}+ uncommitted); restarting storage node 1`)
        await second.restart()
      },
      injected: () => kills,
      stop: async () => {},
    }
  },
}

/**
 * Scenario `leading executor killed` (issue 6, D1 "one honest, live executor is enough", D7):
 * three executors race. The leader, the enclave that signed the latest commit, is killed with
 * SIGKILL as soon as it has started the round covering the first part of the workload; the
 * others must commit that range and the next without it (the chain says who signed). Once a
 * commit covers the second part it is restarted and must adopt what the others committed.
 */

import type { DevnetExecutor } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { isAddressEqual } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { commitSigner } from '../../e2e/support/commitSigner.js'
import { logLines } from '../../e2e/support/logLines.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import type { Scenario } from '../support/runScenario.js'
import { crash } from '../support/serviceControls.js'

const last = (seqs: readonly bigint[]) => [...seqs].sort((a, b) => (a < b ? 1 : -1))[0]!

export const leaderKilled: Scenario = {
  name: 'leading executor killed',
  expectsFaults: true,
  devnet: { executors: 3 },
  async arm(devnet, log) {
    const { publicClient: client, mc } = devnet
    let leader: DevnetExecutor | undefined
    let kills = 0
    return {
      async inject({ seqs }) {
        const ranges = await committedRanges(client, { mc, fromBlock: devnet.deployBlock })
        const latest = ranges.at(-1)
        if (!latest) throw new RaceteeError(errorCodes.TOOLING_FAILED, 'No commit yet to name a leader by.')
        const signer = await commitSigner(client, mc, latest.commitId)
        leader = devnet.executors.find((e) => isAddressEqual(e.enclave, signer))
        if (!leader)
          throw new RaceteeError(
            errorCodes.TOOLING_FAILED,
            'The latest commit was signed by no devnet executor.',
            {
              details: signer,
            },
          )
        const target = last(seqs)
        const logFile = leader.logFile
        // Mid-round: as soon as it logs the start of the round that covers part 1.
        await pollUntil(
          async () =>
            logLines(logFile).some((l) => l.msg === 'round started' && BigInt(String(l.toSeq)) >= target)
              ? true
              : undefined,
          { what: 'the leader starting the round that covers part 1', timeoutMs: 30_000, intervalMs: 20 },
        )
        await crash(leader)
        kills++
        log(`leader ${leader.enclave} killed mid-round`)
      },
      async heal({ seqs }) {
        const target = last(seqs)
        const covering = await pollUntil(
          async () =>
            (await committedRanges(client, { mc, fromBlock: devnet.deployBlock })).find(
              (r) => r.toSeq >= target,
            ),
          { what: 'a commit covering part 2 without the leader', timeoutMs: 60_000 },
        )
        const signer = await commitSigner(client, mc, covering.commitId)
        if (leader && isAddressEqual(signer, leader.enclave))
          throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The killed leader signed a later commit.', {
            details: covering.commitId,
          })
        log(`part 2 committed by ${signer}; restarting the old leader`)
        await leader?.restart()
      },
      injected: () => kills,
      stop: async () => {},
    }
  },
}

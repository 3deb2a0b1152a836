/**
 * Scenario `executor killed mid-round` (issue 6, D7 "handles restarts without losing or
 * duplicating work"): the only executor is killed with SIGKILL right after the first part of
 * the workload is mined, at whatever it is doing; the second part lands while it is down. Then,
 * deterministically, it is killed with a commit in flight: mining is paused, it restarts, signs
 * the catch-up commit, records it as pending and sends it; it dies before the commit is mined;
 * mining resumes (the commit lands) and the restart must settle that pending commit from its
 * progress store rather than commit the range again.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { logLines } from '../../e2e/support/logLines.js'
import { type MiningPause, pauseMining } from '../../e2e/support/pauseMining.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import { waitForCommitInFlight } from '../../e2e/support/waitForCommitInFlight.js'
import type { Scenario } from '../support/runScenario.js'
import { crash } from '../support/serviceControls.js'

export const executorKilledMidRound: Scenario = {
  name: 'executor killed mid-round',
  expectsFaults: true,
  async arm(devnet, log) {
    const executor = devnet.executors[0]!
    let kills = 0
    let mining: MiningPause | undefined
    return {
      async inject() {
        await crash(executor)
        kills++
        log('executor killed')
      },
      async heal() {
        const { publicClient: client, chainId, mc } = devnet
        try {
          mining = await pauseMining(devnet.rpcUrl)
          await executor.restart()
          const inFlight = await waitForCommitInFlight({ client, dataDir: executor.dataDir, chainId, mc })
          await crash(executor)
          kills++
          log(`executor killed with commit ${inFlight.commitId} in flight`)
          await mining.resume()
          await executor.restart()
          await pollUntil(
            async () =>
              logLines(executor.logFile).find(
                (l) =>
                  l.msg === 'settled a commit pending from before a restart' && l.txHash === inFlight.txHash,
              ),
            { what: 'the restarted executor settling its pending commit', timeoutMs: 30_000 },
          ).then((line) => {
            if (line.landed !== true)
              throw new RaceteeError(
                errorCodes.TOOLING_FAILED,
                'The pending commit was settled as not landed.',
                {
                  details: `${inFlight.txHash}`,
                },
              )
          })
          log('restarted; it settled the pending commit')
        } finally {
          await mining?.resume()
        }
      },
      injected: () => kills,
      stop: async () => {
        await mining?.resume()
      },
    }
  },
}

/**
 * Scenario `storage 1 of 3 killed` (issue 6, D6: n = 3, k = 2 tolerates f = 1): one storage
 * node is killed with SIGKILL right after the first part of the workload and stays dead. Commits
 * still gather k = 2 confirmations and readers skip the dead node, so nothing may wait, be lost
 * or differ.
 */
import type { Scenario } from '../support/runScenario.js'
import { crash } from '../support/serviceControls.js'

export const storageNodeKilled: Scenario = {
  name: 'storage 1 of 3 killed',
  expectsFaults: true,
  async arm(devnet, log) {
    let kills = 0
    return {
      async inject() {
        const pid = await crash(devnet.storage[0]!)
        kills++
        log(`storage node 0 killed (pid ${pid})`)
      },
      heal: async () => {},
      injected: () => kills,
      stop: async () => {},
    }
  },
}

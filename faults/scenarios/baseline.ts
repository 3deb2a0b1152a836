/**
 * Scenario `baseline` (issue 6): the workload on a healthy devnet (3 storage nodes, k = 2, one
 * executor). Every other row is read against this one: if it fails, the harness or the devnet is
 * broken, not fault handling.
 */
import type { Scenario } from '../support/runScenario.js'

export const baseline: Scenario = {
  name: 'baseline',
  expectsFaults: false,
  async arm() {
    return {
      inject: async () => {},
      heal: async () => {},
      injected: () => 0,
      stop: async () => {},
    }
  },
}

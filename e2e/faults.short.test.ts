/**
 * Issue 6 "Done when", the short version of `npm run test:faults` that runs in `npm test`: two
 * of the fault harness's scenarios (faults/scenarios/), each on its own devnet of real processes
 * (anvil, the MC, 3 storage nodes with k = 2, an executor and its enclave), with a smaller
 * workload: the executor killed mid-round (once at any moment, once with a commit in flight that
 * its restart must settle) and one storage node of three killed. Each row must show every
 * request answered, none twice, none differing from the public replay, and the balances read
 * back equal to the replay's. The two run side by side to stay within the default suite's budget.
 */
import { describe, expect, test } from 'vitest'
import { executorKilledMidRound } from '../faults/scenarios/executorKilledMidRound.js'
import { storageNodeKilled } from '../faults/scenarios/storageNodeKilled.js'
import { formatTable } from '../faults/support/formatTable.js'
import { runScenario } from '../faults/support/runScenario.js'
import { rowPasses } from '../faults/support/scoreScenario.js'

describe('fault scenarios (short)', () => {
  test('an executor killed mid-round and a storage node killed lose, duplicate and alter nothing', {
    timeout: 120_000,
  }, async () => {
    const options = { steps: 9, users: 3, resultTimeoutMs: 30_000 }
    const rows = await Promise.all([
      runScenario(executorKilledMidRound, options),
      runScenario(storageNodeKilled, options),
    ])
    const table = formatTable(rows)
    expect(rows.map(rowPasses), table).toEqual([true, true])
    for (const row of rows) {
      expect(row).toMatchObject({ sent: 12, received: 12, lost: 0, duplicated: 0, wrong: 0, state: 'equal' })
      expect(row.injected).toBeGreaterThan(0)
    }
  })
})

/**
 * `npm run test:faults` (issue 6 "Done when"): runs every fault scenario one after another,
 * each on its own devnet of real processes, prints the table
 * `scenario | sent | received | lost | duplicated | wrong | state` (and the faults that fired),
 * and exits 1 unless every row is 0 lost, 0 duplicated, 0 wrong, state equal, with its fault
 * fired. Not part of `npm test` (it takes minutes); `e2e/faults.short.test.ts` is.
 *
 *   tsx faults/run.ts [--only <name substring>] [--steps <n>] [--quiet]
 */
import { parseArgs } from 'node:util'
import { scenarios } from './scenarios/index.js'
import { formatTable } from './support/formatTable.js'
import { runScenario } from './support/runScenario.js'
import { rowPasses, type ScenarioRow } from './support/scoreScenario.js'

const { values } = parseArgs({
  options: { only: { type: 'string' }, steps: { type: 'string' }, quiet: { type: 'boolean' } },
  strict: true,
})
const steps = values.steps === undefined ? undefined : Number(values.steps)
if (steps !== undefined && !(Number.isSafeInteger(steps) && steps > 0)) {
  process.stderr.write('--steps must be a positive integer\n')
  process.exit(2)
}
const chosen = scenarios.filter((s) => values.only === undefined || s.name.includes(values.only))
const started = performance.now()
const rows: ScenarioRow[] = []
for (const scenario of chosen) {
  const t0 = performance.now()
  const row = await runScenario(scenario, {
    ...(steps === undefined ? {} : { steps }),
    ...(values.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  })
  rows.push(row)
  process.stdout.write(
    `[${scenario.name}] ${rowPasses(row) ? 'passed' : 'FAILED'} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  )
}
process.stdout.write(`\n${formatTable(rows)}\n\n`)
process.stdout.write(`${rows.length} scenarios in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
process.exit(rows.length > 0 && rows.every(rowPasses) ? 0 : 1)

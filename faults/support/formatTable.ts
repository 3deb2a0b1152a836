/**
 * The fault table printed by `npm run test:faults` (issue 6 "Done when"):
 * `scenario | sent | received | lost | duplicated | wrong | state`, plus the faults that fired
 * and a verdict per row, as aligned plain text. Rows carry only counts and public notes.
 */
import { rowPasses, type ScenarioRow } from './scoreScenario.js'

const columns = [
  'scenario',
  'sent',
  'received',
  'lost',
  'duplicated',
  'wrong',
  'state',
  'injected',
  'ok',
] as const

export function formatTable(rows: readonly ScenarioRow[]): string {
  const cells = rows.map((row) => [
    row.scenario,
    String(row.sent),
    String(row.received),
    String(row.lost),
    String(row.duplicated),
    String(row.wrong),
    row.state,
    String(row.injected),
    rowPasses(row) ? 'yes' : `NO${row.note ? ` (${row.note})` : ''}`,
  ])
  const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((c) => c[i]!.length)))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === 0 || i >= 6 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join(' | ')
      .trimEnd()
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n')
}

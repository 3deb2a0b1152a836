/**
 * The pino JSON lines of a service's log file, parsed: how the e2e tests read what an executor
 * reported (addresses, blocks, codes; never secrets, by the executor's own invariant).
 */
import { readFileSync } from 'node:fs'

export type LogLine = Record<string, unknown> & { msg?: string }

export function logLines(file: string): LogLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
}

/**
 * Prints each log file's parsed lines (the last `last`, default all) on stderr: what a failing
 * e2e test shows of the services it ran. Files not started yet (undefined) are skipped.
 */
export function printLogs(files: readonly (string | undefined)[], last?: number): void {
  for (const file of files) {
    if (file === undefined) continue
    const lines = logLines(file)
    const shown = last === undefined ? lines : lines.slice(-last)
    console.error(`${file}:\n  ${shown.map((l) => JSON.stringify(l)).join('\n  ')}`)
  }
}

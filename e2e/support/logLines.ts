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

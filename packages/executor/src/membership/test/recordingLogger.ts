/** Test helper: a real pino logger whose JSON lines are kept, parsed, for assertions. */
import { type Logger, pino } from 'pino'

export type LogRecord = Record<string, unknown> & { msg: string; level: number }

export function recordingLogger(): { logger: Logger; records: LogRecord[]; messages(): string[] } {
  const records: LogRecord[] = []
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => records.push(JSON.parse(line) as LogRecord) },
  )
  return { logger, records, messages: () => records.map((r) => r.msg) }
}

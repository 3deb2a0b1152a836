/**
 * Entry of the `racetee` command (D8), run by `bin/racetee.js` under tsx. Exit codes: 0 on
 * success, 1 on an error (printed once, as JSON under `--json`), 2 on a usage error (an unknown
 * command or flag, a missing or malformed argument: commander's message and a hint).
 */
import { CommanderError } from 'commander'
import { createProgram } from './program.js'

const USAGE_ERROR = 2

try {
  await createProgram().parseAsync(process.argv)
} catch (err) {
  if (!(err instanceof CommanderError)) throw err
  // --help and --version end through exitOverride too, with exit code 0.
  process.exitCode = err.exitCode === 0 ? 0 : USAGE_ERROR
}

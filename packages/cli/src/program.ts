/**
 * The `racetee` command tree (D8): `devnet`, `deploy`, `call`, `read`, `status`, `bench`, one
 * file each under `commands/`. Built fresh per run (commander keeps parse state on the objects),
 * so tests can render `--help` without running anything.
 */
import { Command } from 'commander'
import { benchCommand } from './commands/bench.js'
import { callCommand } from './commands/call.js'
import { deployCommand } from './commands/deploy.js'
import { devnetCommand } from './commands/devnet.js'
import { readCommand } from './commands/read.js'
import { statusCommand } from './commands/status.js'

export function createProgram(): Command {
  const program = new Command('racetee')
    .description(
      'RaceTEE: confidential smart contracts executed in TEEs, ordered and settled by Ethereum.\n' +
        'Other commands default to the running devnet (.racetee/devnet.json).',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const command of [
    devnetCommand(),
    deployCommand(),
    callCommand(),
    readCommand(),
    statusCommand(),
    benchCommand(),
  ])
    program.addCommand(command.exitOverride())
  return program
}

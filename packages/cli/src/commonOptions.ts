/**
 * Options every chain-facing command shares (D8): `--rpc-url`, `--mc`, `--private-key` (filled
 * from RACETEE_RPC_URL, RACETEE_MC, RACETEE_PRIVATE_KEY; the key's value is never shown, not even
 * in `--help`), `--chain-id`, `--json`; and `action`, which runs a command body and turns a
 * fault into one printed error (a JSON document under `--json`) and exit code 1.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Command, CommanderError, Option } from 'commander'
import type { ConnectionOptions } from './connection.js'
import { printError } from './output.js'

export type CommonOptions = ConnectionOptions & { json?: boolean }

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--rpc-url <url>', 'JSON-RPC endpoint (default: the running devnet)').env('RACETEE_RPC_URL'),
    )
    .addOption(
      new Option('--mc <address>', 'management contract (default: the running devnet)').env('RACETEE_MC'),
    )
    .addOption(
      new Option('--private-key <hex>', 'signing key, never printed (default: the devnet test account)').env(
        'RACETEE_PRIVATE_KEY',
      ),
    )
    .option('--chain-id <id>', 'refuse to run unless the RPC is on this chain')
    .option('--json', 'print one JSON document on stdout')
}

/** A command body with the CLI's error handling: exit code 1 and one clear error on a fault. */
export function action<args extends unknown[]>(
  body: (...args: args) => Promise<void>,
): (...args: args) => Promise<void> {
  return async (...args: args) => {
    const options = args.find(
      (a, i) => i === args.length - 2 && a !== null && typeof a === 'object' && !Array.isArray(a),
    ) as { json?: boolean } | undefined
    try {
      await body(...args)
    } catch (err) {
      if (err instanceof CommanderError) throw err // A usage error: main.ts exits 2.
      printError(err, options?.json === true)
      process.exitCode = 1
    }
  }
}

/** A positive integer flag (`--gas-limit`, `--timeout`). */
export function positiveInteger(name: string, text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) === 0n)
    throw new RaceteeError(errorCodes.CLI_BAD_INPUT, 'A flag needs a positive integer.', {
      details: `${name} must be a positive integer`,
    })
  return BigInt(text)
}

/**
 * A usage error found after parsing (flags that contradict each other): printed like
 * commander's own, and thrown as a CommanderError so `main.ts` exits 2.
 */
export function usageError(message: string): CommanderError {
  process.stderr.write(`error: ${message}\n(run with --help for usage)\n`)
  return new CommanderError(2, 'racetee.usage', message)
}

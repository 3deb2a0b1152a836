/**
 * Process controls of the fault harness (issue 6, D7 "handles restarts"; D6 "n − f ≥ k"):
 * crash a devnet service with SIGKILL (no shutdown handler runs, as on a power cut), bring it
 * back with the `restart()` startDevnet gives it, or relaunch it with changed flags (an
 * executor through a fault proxy) on the same data dir, log file and argv otherwise. The argv
 * is read back from the running process (`spawnargs`), so this module repeats none of
 * startDevnet's knowledge of how each service is started.
 */

import { type ServiceProcess, spawnService, tsxLoader } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'

/** What startDevnet's storage nodes and executors expose. */
export type ControlledService = { service: ServiceProcess; logFile: string }

/** SIGKILL; resolves when the process is gone, and checks it died of the signal. */
export async function crash(target: ControlledService): Promise<number> {
  const { pid } = target.service.process
  if (pid === undefined) throw new TypeError('the service has no pid')
  await target.service.kill()
  const { signalCode, exitCode } = target.service.process
  if (signalCode !== 'SIGKILL')
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The service was not killed by SIGKILL.', {
      details: `pid ${pid}: exit code ${String(exitCode)}, signal ${String(signalCode)}`,
    })
  return pid
}

/** Whether the service's process is still running. */
export function isRunning(target: ControlledService): boolean {
  const { exitCode, signalCode } = target.service.process
  return exitCode === null && signalCode === null
}

/** `args` with the value after `flag` replaced; the flag must be there once. */
export function withFlag(args: readonly string[], flag: string, value: string): string[] {
  const at = args.indexOf(flag)
  if (at < 0 || at === args.length - 1 || args.indexOf(flag, at + 1) >= 0)
    throw new RangeError(`args must hold ${flag} once, with a value`)
  return args.map((arg, i) => (i === at + 1 ? value : arg))
}

export type RelaunchParameters = {
  /** Name for errors. */
  name: string
  /** The service's arguments (after its entry file) → the new ones. */
  change: (args: readonly string[]) => string[]
  readyMessage: string
}

/**
 * Stops the service gracefully and starts it again with changed arguments, same entry and log
 * file; `target.service` becomes the new process, so whoever stops the devnet stops it.
 */
export async function relaunch(target: ControlledService, parameters: RelaunchParameters): Promise<void> {
  const [, importFlag, loader, entry, ...args] = target.service.process.spawnargs
  if (importFlag !== '--import' || loader !== tsxLoader || entry === undefined)
    throw new TypeError('the service was not started by spawnService')
  await target.service.stop()
  target.service = await spawnService({
    name: parameters.name,
    entry,
    args: parameters.change(args),
    logFile: target.logFile,
    readyMessage: parameters.readyMessage,
  })
}

/**
 * Runs an example's main function: exit code 0 when it finishes, otherwise one line on stderr
 * (the error's short message, details and code, never a stack or a secret) and exit code 1, so
 * scripts and CI can tell success from failure at a glance. Errors carry no plaintext (the
 * SDK's invariant, D8), so the line is safe to show; results are printed by the example itself.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'

export function runExample(name: string, main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = 0
    },
    (err: unknown) => {
      const e = err as { shortMessage?: string; message?: string; details?: string; code?: unknown }
      const message = e.shortMessage ?? e.message ?? String(err)
      const details = e.details ? ` (${e.details})` : ''
      const code = typeof e.code === 'string' ? ` [${e.code}]` : ''
      process.stderr.write(`${name} failed: ${`${message}${details}${code}`.replace(/\s+/g, ' ')}\n`)
      process.exit(1) // now: a pending poll must not keep a failed example alive
    },
  )
}

/** Ends the example with `message` when something it expected did not happen. */
export function fail(message: string, details?: string): never {
  throw new RaceteeError(errorCodes.TOOLING_FAILED, message, details === undefined ? {} : { details })
}

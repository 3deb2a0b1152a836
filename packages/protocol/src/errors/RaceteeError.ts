/**
 * The one base error of RaceTEE (house style: modelled on viem's `BaseError`).
 *
 * Every fault a package throws is a `RaceteeError` with a stable `code` from `errorCodes.ts`:
 * callers branch on `code`, never on message text. Messages are short and fixed; `details`
 * names what was wrong. Invariant: no error ever carries a secret or plaintext (inputs, state,
 * results, keys). Put hashes, addresses, sizes and public identifiers in `details`, nothing else.
 */
import type { ErrorCode } from './errorCodes.js'

export type RaceteeErrorOptions = {
  /** Public, non-secret context: which parameter, which address, which hash. */
  details?: string
  /** The underlying error, kept for `walk()`. Must itself carry no secret. */
  cause?: unknown
}

export class RaceteeError extends Error {
  override name = 'RaceteeError'
  readonly code: ErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: ErrorCode, shortMessage: string, options: RaceteeErrorOptions = {}) {
    const lines = [shortMessage]
    if (options.details) lines.push('', `Details: ${options.details}`)
    lines.push(`Code: ${code}`)
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.shortMessage = shortMessage
    this.details = options.details
  }

  /** Follows the `cause` chain; returns the first error matching `fn`, or the deepest one. */
  walk(fn?: (err: unknown) => boolean): unknown {
    let current: unknown = this
    for (;;) {
      if (fn?.(current)) return current
      const next = (current as { cause?: unknown } | null)?.cause
      if (next === undefined || next === null) return fn ? null : current
      current = next
    }
  }
}

/** True when `err` is a RaceteeError, optionally with the given code. */
export function isRaceteeError(err: unknown, code?: ErrorCode): err is RaceteeError {
  return err instanceof RaceteeError && (code === undefined || err.code === code)
}

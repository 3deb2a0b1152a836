/**
 * Turns a non-success outcome into a fault for callers who want one (house style: outcomes are
 * data; this is the explicit opt-in). The error carries only the status name: return data may
 * hold the caller's plaintext (a revert reason quoting an amount), so it never enters an error.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { RequestStatus } from './openBundleResult.js'

export type AssertSuccessErrorType = RaceteeError

/** SDK_EXECUTION_FAILED (details: `status <name>`, seq when known) unless `result.status` is success. */
export function assertSuccess<result extends { status: RequestStatus; seq?: bigint }>(
  result: result,
): asserts result is result & { status: 'success' } {
  if (result.status === 'success') return
  throw new RaceteeError(errorCodes.SDK_EXECUTION_FAILED, 'The request did not succeed.', {
    details: `status ${result.status}${result.seq === undefined ? '' : `, seq ${result.seq}`}`,
  })
}

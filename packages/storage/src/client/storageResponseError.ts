/**
 * Turns a storage node's non-2xx answer (docs/storage-api.md: `{code, message, details}`) into a
 * `RaceteeError`. The node is untrusted (D2): its code is kept only when it is a storage code
 * that fits the status, its text only as bounded details, and any 5xx or unreadable answer
 * means the node is unavailable to us.
 */
import { type ErrorCode, errorCodes, RaceteeError } from '@racetee/protocol'

const MAX_DETAILS = 300

/** Codes a node may report on a 4xx; anything else becomes STORAGE_UNAVAILABLE. */
const clientErrorCodes: readonly ErrorCode[] = [
  errorCodes.STORAGE_BAD_REQUEST,
  errorCodes.STORAGE_UNAUTHORISED,
  errorCodes.STORAGE_NOT_FOUND,
  errorCodes.STORAGE_TOO_LARGE,
]

export async function storageResponseError(response: Response, what: string): Promise<RaceteeError> {
  let reported: { code?: unknown; message?: unknown; details?: unknown } = {}
  try {
    const parsed: unknown = await response.json()
    if (typeof parsed === 'object' && parsed !== null) reported = parsed
  } catch {
    // Not JSON: the status alone decides.
  }
  const text = [reported.message, reported.details]
    .filter((part): part is string => typeof part === 'string')
    .join(': ')
    .slice(0, MAX_DETAILS)
  const details = `${what}: HTTP ${response.status}${text ? ` (${text})` : ''}`
  const code = clientErrorCodes.find((c) => c === reported.code)
  if (response.status >= 400 && response.status < 500) {
    if (code) return new RaceteeError(code, 'Storage node refused the request.', { details })
    if (response.status === 404)
      return new RaceteeError(errorCodes.STORAGE_NOT_FOUND, 'Storage node refused the request.', { details })
  }
  return new RaceteeError(errorCodes.STORAGE_UNAVAILABLE, 'Storage node unavailable.', { details })
}

/** A `fetch` that rejected (connection refused, reset, aborted) means the node is unavailable. */
export function storageUnreachable(url: string, cause: unknown): RaceteeError {
  return new RaceteeError(errorCodes.STORAGE_UNAVAILABLE, 'Storage node unreachable.', {
    details: url,
    cause,
  })
}

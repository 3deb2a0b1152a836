/**
 * How the node answers (docs/storage-api.md): JSON bodies, and errors as
 * `{code, message, details}` with the HTTP status that fits the code. Anything that is not a
 * RaceteeError with a storage code is an internal fault: logged, answered 500 without detail.
 * Nothing here ever includes blob bytes.
 */
import type { ServerResponse } from 'node:http'
import { type ErrorCode, errorCodes, isRaceteeError, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'

const statusByCode: Partial<Record<ErrorCode, number>> = {
  [errorCodes.STORAGE_BAD_REQUEST]: 400,
  [errorCodes.STORAGE_UNAUTHORISED]: 403,
  [errorCodes.STORAGE_NOT_FOUND]: 404,
  [errorCodes.STORAGE_TOO_LARGE]: 413,
  [errorCodes.STORAGE_UNAVAILABLE]: 503,
}

export type Headers = Record<string, string>

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Headers = {},
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

/** Answers `err`; `status` overrides the code's own status (405, 415). */
export function sendError(
  response: ServerResponse,
  err: unknown,
  logger: Pick<Logger, 'error'>,
  options: { status?: number; headers?: Headers } = {},
): void {
  let known: RaceteeError
  const status = isRaceteeError(err) ? (options.status ?? statusByCode[err.code]) : undefined
  if (isRaceteeError(err) && status !== undefined) known = err
  else {
    logger.error({ err }, 'internal fault')
    known = new RaceteeError(errorCodes.STORAGE_INTERNAL, 'Internal storage node fault.')
  }
  if (response.headersSent) {
    response.destroy()
    return
  }
  sendJson(
    response,
    status ?? 500,
    { code: known.code, message: known.shortMessage, details: known.details ?? '' },
    options.headers ?? {},
  )
}

export function refusal(code: ErrorCode, message: string, details: string): RaceteeError {
  return new RaceteeError(code, message, { details })
}

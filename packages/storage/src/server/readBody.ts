/**
 * Reads a request body into memory up to a limit (docs/storage-api.md: 413 above the node's
 * limit), enforced on the declared `content-length` and again while streaming, so a client
 * cannot make the node buffer more than the limit by lying or by chunked encoding. On refusal
 * the rest of the body is left unread: the caller answers with `connection: close`.
 */
import type { IncomingMessage } from 'node:http'
import { errorCodes, RaceteeError } from '@racetee/protocol'

export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (seen: string) =>
    new RaceteeError(errorCodes.STORAGE_TOO_LARGE, 'Request body too large.', {
      details: `${seen}, limit ${maxBytes} bytes`,
    })
  const declared = request.headers['content-length']
  if (declared !== undefined && Number(declared) > maxBytes)
    return Promise.reject(tooLarge(`content-length ${declared}`))

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const cleanup = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
      request.off('aborted', onAborted)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > maxBytes) {
        cleanup()
        request.pause()
        chunks.length = 0
        reject(tooLarge(`more than ${maxBytes} bytes sent`))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      const body = Buffer.concat(chunks, total)
      resolve(new Uint8Array(body.buffer, body.byteOffset, body.length))
    }
    const onError = (err: Error) => {
      cleanup()
      reject(err)
    }
    const onAborted = () =>
      onError(
        new RaceteeError(errorCodes.STORAGE_BAD_REQUEST, 'Request body incomplete.', {
          details: 'the client aborted the upload',
        }),
      )
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('error', onError)
    request.on('aborted', onAborted)
  })
}

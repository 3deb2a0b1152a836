import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readBody } from './readBody.js'

/** A request stream with the given headers, fed `chunks` (as a slow client would). */
function request(chunks: Uint8Array[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough() as PassThrough & { headers: Record<string, string> }
  stream.headers = headers
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk)
    stream.end()
  })
  return stream as unknown as IncomingMessage
}

describe('readBody', () => {
  it('reads the whole body', async () => {
    const got = await readBody(request([new Uint8Array([1, 2]), new Uint8Array([3])]), 3)
    expect(got).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('error: a declared content-length over the limit is STORAGE_TOO_LARGE before reading', async () => {
    await expect(readBody(request([], { 'content-length': '4' }), 3)).rejects.toMatchObject({
      code: 'STORAGE_TOO_LARGE',
    })
  })

  it('error: more bytes than the limit while streaming is STORAGE_TOO_LARGE', async () => {
    const chunks = [new Uint8Array(2), new Uint8Array(2), new Uint8Array(2)]
    await expect(readBody(request(chunks, { 'content-length': '3' }), 3)).rejects.toMatchObject({
      code: 'STORAGE_TOO_LARGE',
    })
    await expect(readBody(request(chunks), 5)).rejects.toMatchObject({ code: 'STORAGE_TOO_LARGE' })
  })
})

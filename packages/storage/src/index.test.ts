import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as client from './index.js'
import * as server from './server/index.js'

describe('@racetee/storage exports', () => {
  it('exports the client API from the root and the node from ./server', () => {
    expect(Object.keys(client).sort()).toMatchInlineSnapshot(`
      [
        "decodeStoreRequest",
        "encodeStoreRequest",
        "fetchBlob",
        "storeBlobs",
      ]
    `)
    expect(Object.keys(server).sort()).toMatchInlineSnapshot(`
      [
        "BlobStore",
        "DEFAULT_MAX_BODY_BYTES",
        "NODE_KEY_FILE",
        "authoriseStoreRequest",
        "blobName",
        "createAvailabilitySigner",
        "createStorageServer",
        "loadNodeKey",
        "mcStoreChain",
      ]
    `)
  })

  it('behavior: the client imports nothing Node-only (the SDK runs it in browsers)', () => {
    const dir = fileURLToPath(new URL('./client/', import.meta.url))
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    expect(sources.length).toBeGreaterThan(0)
    for (const file of sources) {
      const text = readFileSync(`${dir}${file}`, 'utf8')
      expect(text, file).not.toMatch(/from '(node:|pino|\.\.\/server)/)
    }
    expect(readFileSync(fileURLToPath(new URL('./index.ts', import.meta.url)), 'utf8')).not.toMatch(
      /from '\.\/server/,
    )
  })
})

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keccak256, toHex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BlobStore, blobName } from './blobStore.js'

const blob = new TextEncoder().encode('ciphertext, as far as the node knows')
const hash = keccak256(blob)

describe('BlobStore', () => {
  let dir: string
  const errors: unknown[] = []
  const logger = { error: (obj: unknown) => errors.push(obj), warn: () => {} } as never

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'racetee-blobstore-'))
    errors.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('puts a blob under blobs/<first 2 hex>/<hash> and gets it back', async () => {
    const store = await BlobStore.open(dir, logger)
    expect(await store.put(hash, blob)).toBe('written')
    const path = join(dir, 'blobs', hash.slice(2, 4), hash)
    expect(store.pathOf(hash)).toBe(path)
    expect(new Uint8Array(readFileSync(path))).toEqual(blob)
    expect(await store.has(hash)).toBe(true)
    expect(await store.get(hash)).toEqual({ found: true, bytes: blob })
    expect(store.count()).toBe(1)
    expect(store.bytes()).toBe(blob.length)
    // Written through a temp file that was renamed away: nothing is left behind.
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
  })

  it('behavior: putting an intact blob again writes nothing', async () => {
    const store = await BlobStore.open(dir, logger)
    await store.put(hash, blob)
    expect(await store.put(hash, blob)).toBe('present')
    expect(store.count()).toBe(1)
    expect(store.bytes()).toBe(blob.length)
  })

  it('behavior: concurrent puts of one blob count it once', async () => {
    const store = await BlobStore.open(dir, logger)
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.put(hash, blob)))
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1)
    expect(store.count()).toBe(1)
  })

  it('behavior: reopening counts what is on disk and removes temp files left by a crash', async () => {
    const store = await BlobStore.open(dir, logger)
    const other = new Uint8Array([1, 2, 3])
    await store.put(hash, blob)
    await store.put(keccak256(other), other)
    // A crash between creating the temp file and renaming it leaves a partial temp file only.
    writeFileSync(join(dir, 'tmp', `${hash}.deadbeef`), blob.subarray(0, 5))
    const reopened = await BlobStore.open(dir, logger)
    expect(reopened.count()).toBe(2)
    expect(reopened.bytes()).toBe(blob.length + other.length)
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
    expect(await reopened.get(keccak256(other))).toEqual({ found: true, bytes: other })
  })

  it('behavior: a missing blob is not found, not corrupt', async () => {
    const store = await BlobStore.open(dir, logger)
    expect(await store.get(keccak256(toHex('absent')))).toEqual({ found: false, corrupt: false })
    expect(await store.has(keccak256(toHex('absent')))).toBe(false)
  })

  it('behavior: bytes on disk that do not hash to their name are quarantined on read, never served', async () => {
    const store = await BlobStore.open(dir, logger)
    await store.put(hash, blob)
    const flipped = blob.slice()
    flipped[0] = (flipped[0] ?? 0) ^ 1
    writeFileSync(store.pathOf(hash), flipped)
    expect(await store.get(hash)).toEqual({ found: false, corrupt: true })
    expect(await store.has(hash)).toBe(false)
    expect(store.count()).toBe(0)
    expect(store.bytes()).toBe(0)
    const quarantined = readdirSync(join(dir, 'quarantine'))
    expect(quarantined).toHaveLength(1)
    expect(quarantined[0]).toMatch(new RegExp(`^${hash}\\.`))
    expect(errors).toHaveLength(1)
    expect(JSON.stringify(errors)).toContain(hash)
    // A later get of the same name is simply missing.
    expect(await store.get(hash)).toEqual({ found: false, corrupt: false })
  })

  it('behavior: a put over a corrupt copy quarantines it and writes the good bytes', async () => {
    const store = await BlobStore.open(dir, logger)
    await store.put(hash, blob)
    writeFileSync(store.pathOf(hash), new Uint8Array(3))
    expect(await store.put(hash, blob)).toBe('written')
    expect(await store.get(hash)).toEqual({ found: true, bytes: blob })
    expect(store.count()).toBe(1)
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1)
  })

  it('error: bytes that do not hash to the given name are refused', async () => {
    const store = await BlobStore.open(dir, logger)
    await expect(store.put(keccak256(toHex('other')), blob)).rejects.toThrow(RangeError)
    await expect(store.get('0x1234')).rejects.toThrow(TypeError)
    expect(store.count()).toBe(0)
  })

  it('error: blobName refuses a malformed hash with STORAGE_BAD_REQUEST', () => {
    expect(blobName(hash.toUpperCase().replace('0X', '0x'))).toBe(hash)
    expect(() => blobName('0x12')).toThrow(expect.objectContaining({ code: 'STORAGE_BAD_REQUEST' }))
    expect(() => blobName(`${hash}/../x`)).toThrow(expect.objectContaining({ code: 'STORAGE_BAD_REQUEST' }))
  })
})

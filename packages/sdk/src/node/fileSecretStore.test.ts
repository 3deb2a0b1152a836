import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isRaceteeError, requestKinds } from '@racetee/protocol'
import { bytesToHex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SecretRecord } from '../secretStore/SecretStore.js'
import { fileSecretStore } from './fileSecretStore.js'

const record = (fill: number): SecretRecord => ({
  resultBase: new Uint8Array(32).fill(fill),
  chainId: 31337n,
  mc: '0x1111111111111111111111111111111111111111',
  program: '0x2222222222222222222222222222222222222222',
  kind: requestKinds.deploy,
  caller: '0x3333333333333333333333333333333333333333',
  envelopeHash: `0x${'44'.repeat(32)}`,
})
const key = `31337:0x${'ab'.repeat(32)}`

describe('fileSecretStore', () => {
  let root: string
  let dir: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'racetee-sdk-store-'))
    dir = join(root, 'secrets')
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('keeps records across store instances over the same directory (an SDK restart)', async () => {
    await fileSecretStore({ dir }).put(key, record(7))
    const restarted = fileSecretStore({ dir })
    expect(await restarted.get(key)).toEqual(record(7))
    expect(await restarted.get('31337:0xcd')).toBeUndefined()
    await restarted.delete(key)
    expect(await fileSecretStore({ dir }).get(key)).toBeUndefined()
    await restarted.delete(key)
  })

  it('behavior: creates the directory 0700 and each record 0600, one file per key', async () => {
    const store = fileSecretStore({ dir })
    await store.put(key, record(1))
    await store.put('31337:envelope:0x01', record(2))
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    const files = (await readdir(dir)).sort()
    expect(files).toEqual([`31337_0x${'ab'.repeat(32)}.json`, '31337_envelope_0x01.json'])
    for (const file of files) expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600)
  })

  it('behavior: replaces atomically: concurrent readers only ever see a whole record', async () => {
    const store = fileSecretStore({ dir })
    await store.put(key, record(1))
    const seen = new Set<number>()
    const writes = Array.from({ length: 40 }, (_, i) => store.put(key, record(1 + (i % 2))))
    const reads = Array.from({ length: 40 }, async () => {
      const got = await fileSecretStore({ dir }).get(key)
      seen.add(got!.resultBase[0]!)
      expect(got!.resultBase.every((b) => b === got!.resultBase[0])).toBe(true)
    })
    await Promise.all([...writes, ...reads])
    expect([...seen].every((v) => v === 1 || v === 2)).toBe(true)
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('behavior: a failed write leaves no temporary file behind', async () => {
    const store = fileSecretStore({ dir })
    await mkdir(join(dir, '31337_0x01.json'), { recursive: true })
    const err = await store.put('31337:0x01', record(9)).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_SECRET_STORE_FAILED')).toBe(true)
    expect((await readdir(dir)).sort()).toEqual(['31337_0x01.json'])
  })

  it('error: an unreadable record is SDK_SECRET_STORE_FAILED and its text is not in the error', async () => {
    const store = fileSecretStore({ dir })
    await store.put(key, record(0x5a))
    const file = join(dir, `31337_0x${'ab'.repeat(32)}.json`)
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.slice(0, text.length - 3))
    const err = await store.get(key).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_SECRET_STORE_FAILED')).toBe(true)
    const secretHex = bytesToHex(record(0x5a).resultBase).slice(2)
    expect(String((err as Error).message)).not.toContain(secretHex.slice(0, 16))
    expect((err as Error).cause).toBeUndefined()
  })

  it('error: a key outside [0-9A-Za-z.:-] is a TypeError (no path escapes the directory)', async () => {
    const store = fileSecretStore({ dir })
    await expect(store.put('../x', record(1))).rejects.toThrow(TypeError)
    await expect(store.get('a/b')).rejects.toThrow(TypeError)
    expect(() => fileSecretStore({ dir: '' })).toThrow(TypeError)
  })
})

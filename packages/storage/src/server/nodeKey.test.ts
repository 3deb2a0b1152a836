import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadNodeKey, NODE_KEY_FILE } from './nodeKey.js'

describe('loadNodeKey', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'racetee-nodekey-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('creates a 0600 key on first start and loads the same key afterwards, logging only the address', async () => {
    const logged: unknown[] = []
    const logger = { info: (obj: unknown) => logged.push(obj) } as never
    const created = await loadNodeKey({ dataDir: dir, logger })
    const path = join(dir, NODE_KEY_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const key = readFileSync(path, 'utf8').trim()
    expect(privateKeyToAccount(key as `0x${string}`).address).toBe(created.address)
    expect(readdirSync(dir)).toEqual([NODE_KEY_FILE])
    const loaded = await loadNodeKey({ dataDir: dir, logger })
    expect(loaded.address).toBe(created.address)
    expect(JSON.stringify(logged)).toContain(created.address)
    expect(JSON.stringify(logged)).not.toContain(key.slice(2))
  })

  it('error: a key file readable by others is refused', async () => {
    await loadNodeKey({ dataDir: dir })
    const path = join(dir, NODE_KEY_FILE)
    rmSync(path)
    writeFileSync(path, `0x${'11'.repeat(32)}\n`, { mode: 0o644 })
    await expect(loadNodeKey({ dataDir: dir })).rejects.toMatchObject({ code: 'STORAGE_CONFIG_INVALID' })
  })

  it('error: a file that is no key is refused without quoting it', async () => {
    const junk = `0x${'zz'.repeat(32)}`
    writeFileSync(join(dir, NODE_KEY_FILE), junk, { mode: 0o600 })
    const err = await loadNodeKey({ dataDir: dir }).catch((e: Error) => e)
    expect(err).toMatchObject({ code: 'STORAGE_CONFIG_INVALID' })
    expect(String((err as Error).message)).not.toContain(junk)
    // Zero is not a valid secp256k1 key.
    writeFileSync(join(dir, NODE_KEY_FILE), `0x${'00'.repeat(32)}`, { mode: 0o600 })
    await expect(loadNodeKey({ dataDir: dir })).rejects.toMatchObject({ code: 'STORAGE_CONFIG_INVALID' })
  })
})

import { requestKinds } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { memorySecretStore } from './memorySecretStore.js'
import type { SecretRecord } from './SecretStore.js'

const record = (fill: number): SecretRecord => ({
  resultBase: new Uint8Array(32).fill(fill),
  chainId: 31337n,
  mc: '0x1111111111111111111111111111111111111111',
  program: '0x2222222222222222222222222222222222222222',
  kind: requestKinds.call,
  caller: '0x3333333333333333333333333333333333333333',
  envelopeHash: `0x${'44'.repeat(32)}`,
})

describe('memorySecretStore', () => {
  it('returns what was put under a key, and nothing after delete', async () => {
    const store = memorySecretStore()
    await store.put('31337:0xab', record(7))
    expect(await store.get('31337:0xab')).toEqual(record(7))
    expect(await store.get('31337:0xcd')).toBeUndefined()
    await store.delete('31337:0xab')
    expect(await store.get('31337:0xab')).toBeUndefined()
    await store.delete('31337:0xab')
  })

  it('behavior: keeps copies, so wiping what went in or came out leaves the stored secret', async () => {
    const store = memorySecretStore()
    const given = record(7)
    await store.put('k', given)
    given.resultBase.fill(0)
    const got = await store.get('k')
    got!.resultBase.fill(0)
    expect((await store.get('k'))!.resultBase).toEqual(new Uint8Array(32).fill(7))
  })

  it('behavior: a second put replaces the record', async () => {
    const store = memorySecretStore()
    await store.put('k', record(1))
    await store.put('k', record(2))
    expect((await store.get('k'))!.resultBase[0]).toBe(2)
  })

  it('error: a key outside [0-9A-Za-z.:-] is a TypeError', async () => {
    const store = memorySecretStore()
    await expect(store.put('a/b', record(1))).rejects.toThrow(TypeError)
    await expect(store.get('a_b')).rejects.toThrow(TypeError)
    await expect(store.delete('')).rejects.toThrow(TypeError)
  })
})

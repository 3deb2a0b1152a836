import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { ProgressStore } from './progressStore.js'

const mc = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const other = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const binding = { chainId: 31337, mc } as const
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'progress-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('ProgressStore', () => {
  it('persists every update, and a new instance reads it back', () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir, binding)
    expect(store.get()).toEqual({
      lastCommitId: null,
      lastToSeq: 0n,
      pending: null,
      rounds: 0,
      commitsWon: 0,
    })
    const pending = {
      txHash: `0x${'11'.repeat(32)}`,
      commitId: `0x${'22'.repeat(32)}`,
      prevCommit: `0x${'00'.repeat(32)}`,
      toBlock: 9n,
      toSeq: 2n ** 63n,
    } as const
    store.update({ pending, rounds: 3 })
    const reopened = ProgressStore.open(dir, binding)
    expect(reopened.get()).toEqual({ lastCommitId: null, lastToSeq: 0n, pending, rounds: 3, commitsWon: 0 })
  })

  it('behavior: leaves no temp files behind', async () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir, binding)
    store.update({ rounds: 1 })
    store.update({ rounds: 2 })
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(dir)).toEqual(['progress.json'])
  })

  it('error: refuses a data directory of another MC', () => {
    const dir = tempDir()
    ProgressStore.open(dir, binding).update({ rounds: 1 })
    const attempt = () => ProgressStore.open(dir, { chainId: 31337, mc: other })
    expect(attempt).toThrow(RaceteeError)
    expect(attempt).toThrow(expect.objectContaining({ code: errorCodes.EXECUTOR_CONFIG_INVALID }))
  })

  it('error: a torn or edited file is EXECUTOR_STATE_CORRUPT, not silently reset', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'progress.json'), '{"version":1,"chainId":31337,')
    expect(() => ProgressStore.open(dir, binding)).toThrow(
      expect.objectContaining({ code: errorCodes.EXECUTOR_STATE_CORRUPT }),
    )
    writeFileSync(
      join(dir, 'progress.json'),
      JSON.stringify({
        version: 1,
        chainId: 31337,
        mc,
        lastCommitId: 'zz',
        lastToSeq: '1',
        pending: null,
        rounds: 0,
        commitsWon: 0,
      }),
    )
    expect(() => ProgressStore.open(dir, binding)).toThrow(
      expect.objectContaining({ code: errorCodes.EXECUTOR_STATE_CORRUPT }),
    )
  })
})

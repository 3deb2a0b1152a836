import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ServiceProcess, spawnService } from '@racetee/devnet'
import { afterAll, describe, expect, test } from 'vitest'
import { type ControlledService, crash, isRunning, relaunch, withFlag } from '../support/serviceControls.js'

const entry = fileURLToPath(new URL('./fixtures/echoService.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'faults-controls-'))
const started: ServiceProcess[] = []

async function echo(args: string[]): Promise<ControlledService> {
  const logFile = join(dir, 'echo.log')
  const service = await spawnService({ name: 'echo', entry, args, logFile, readyMessage: 'echo ready' })
  started.push(service)
  return { service, logFile }
}

describe('serviceControls', () => {
  afterAll(async () => {
    for (const service of started) await service.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('crash kills with SIGKILL; relaunch starts the same entry with a changed flag', async () => {
    const target = await echo(['--rpc-url', 'http://a', '--data-dir', '/x'])
    expect(isRunning(target)).toBe(true)
    const pid = await crash(target)
    expect(pid).toBeGreaterThan(0)
    expect(isRunning(target)).toBe(false)

    const live = await echo(['--rpc-url', 'http://a', '--data-dir', '/x'])
    const old = live.service
    await relaunch(live, {
      name: 'echo',
      change: (args) => withFlag(args, '--rpc-url', 'http://proxy'),
      readyMessage: 'echo ready',
    })
    started.push(live.service)
    expect(isRunning({ service: old, logFile: live.logFile })).toBe(false)
    expect(live.service.ready.args).toEqual(['--rpc-url', 'http://proxy', '--data-dir', '/x'])
  })

  test('behavior: withFlag replaces only the value after the flag', () => {
    expect(withFlag(['run', '--a', '1', '--b', '2'], '--b', '3')).toEqual(['run', '--a', '1', '--b', '3'])
  })

  test('error: withFlag refuses a missing, valueless or repeated flag', () => {
    expect(() => withFlag(['--a', '1'], '--b', '2')).toThrow(RangeError)
    expect(() => withFlag(['--a'], '--a', '2')).toThrow(RangeError)
    expect(() => withFlag(['--a', '1', '--a', '2'], '--a', '3')).toThrow(RangeError)
  })

  test('error: crash of a process already gone by itself is a TOOLING_FAILED fault', async () => {
    const target = await echo([])
    await target.service.stop()
    await expect(crash(target)).rejects.toMatchObject({ code: 'TOOLING_FAILED' })
  })
})

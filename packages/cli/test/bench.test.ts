/**
 * `racetee bench` runs `bench/run.ts` as its own process with the flags forwarded and exits
 * with its code (`runForwarding`), relaying SIGINT/SIGTERM to it. Checked with a refused flag
 * value (the benchmark's own check, exit 2, nothing measured) and with small Node children.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runForwarding } from '../src/commands/bench.js'
import { runCli } from './runCli.js'

describe('racetee bench', () => {
  it("forwards its flags to bench/run.ts and exits with the benchmark's code", async () => {
    const run = await runCli(['bench', '--quick', '--only', 'no-such-workload'], { cwd: tmpdir() })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--only must be one of')
  }, 60_000)

  it("behavior: runForwarding resolves with the child's exit code", async () => {
    expect(await runForwarding(process.execPath, ['-e', 'process.exit(3)'])).toBe(3)
  }, 30_000)

  it('behavior: a SIGINT this process receives reaches the child', async () => {
    // The child exits 7 on SIGINT, and creates `armed` once its handler is installed.
    const dir = mkdtempSync(join(tmpdir(), 'racetee-bench-'))
    const armed = join(dir, 'armed')
    try {
      const script = `process.on('SIGINT', () => process.exit(7)); require('node:fs').writeFileSync(${JSON.stringify(armed)}, ''); setInterval(() => {}, 1000)`
      const done = runForwarding(process.execPath, ['-e', script])
      while (!existsSync(armed)) await new Promise((resolve) => setTimeout(resolve, 20))
      process.emit('SIGINT', 'SIGINT')
      expect(await done).toBe(7)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})

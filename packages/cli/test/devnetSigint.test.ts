/**
 * `racetee devnet` leaves nothing behind (issue 9 "Done when": a test starts `racetee devnet`,
 * sends SIGINT, and finds no process of it left). The real bin runs in its own process group
 * (as a shell runs a foreground job); once it prints its ready line, every descendant is
 * collected from /proc (anvil, storage node, executor and its enclave process). Then Ctrl-C is
 * sent as a terminal sends it (SIGINT to the whole group), or SIGTERM to the command alone (so
 * it must stop its children itself); after it exits, no collected process is alive, the anvil
 * port does not answer, `.racetee/devnet.json` is gone and the data dir is kept. The group is
 * SIGKILLed in `finally` whatever happened. It runs in a temporary directory outside the
 * repository, as a user would run it anywhere.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { raceteeBin } from './runCli.js'

const READY = 'devnet running; Ctrl-C to stop'

type Proc = { pid: number; startTime: string }

/** Every process's parent and start time, from /proc/<pid>/stat (fields 4 and 22). */
function processTable(): Map<number, { ppid: number; startTime: string }> {
  const table = new Map<number, { ppid: number; startTime: string }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name may hold spaces and parentheses: fields start after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.set(Number(entry), { ppid: Number(fields[1]), startTime: fields[19]! })
    } catch {
      // Exited while we listed it.
    }
  }
  return table
}

function descendants(root: number): Proc[] {
  const table = processTable()
  const found: Proc[] = []
  const queue = [root]
  while (queue.length > 0) {
    const parent = queue.shift()!
    for (const [pid, info] of table)
      if (info.ppid === parent) {
        found.push({ pid, startTime: info.startTime })
        queue.push(pid)
      }
  }
  return found
}

/** Alive means: /proc has the pid with the same start time (not a reused pid) and it is no zombie. */
function alive(proc: Proc): boolean {
  try {
    const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] === proc.startTime && fields[0] !== 'Z'
  } catch {
    return false
  }
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    })
    return res.ok
  } catch {
    return false
  }
}

/** Resolves with the ready line's RPC URL once the ready line is printed; rejects if the process exits first. */
function waitForReady(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let rpcUrl: string | undefined
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line)
      const rpc = /^ {2}RPC +(http:\/\/\S+)/.exec(line)
      if (rpc) rpcUrl = rpc[1]
      if (line === READY) resolve(rpcUrl ?? '')
    })
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line))
    child.once('exit', (code) =>
      reject(new Error(`racetee devnet exited with ${code}: ${output.join('\n')}`)),
    )
  })
}

describe('racetee devnet shutdown', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'racetee-sigint-'))
  afterAll(() => rmSync(cwd, { recursive: true, force: true }))

  async function startStop(signal: 'SIGINT' | 'SIGTERM', target: 'group' | 'leader') {
    const dataDir = join(cwd, `data-${signal}`)
    const child = spawn(
      process.execPath,
      [
        raceteeBin,
        'devnet',
        '--no-demo',
        '--block-time',
        '0',
        '--executors',
        '1',
        '--storage-nodes',
        '1',
        '--threshold',
        '1',
        '--data-dir',
        dataDir,
      ],
      { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    )
    const output: string[] = []
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      const rpcUrl = await waitForReady(child, output)
      expect(rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(await answers(rpcUrl)).toBe(true)
      const described = JSON.parse(readFileSync(join(cwd, '.racetee', 'devnet.json'), 'utf8')) as {
        dashboardUrl: string
      }
      expect((await fetch(described.dashboardUrl)).ok).toBe(true)
      const tree = descendants(child.pid!)
      // anvil, the storage node, the executor and its enclave process at least.
      expect(tree.length, output.join('\n')).toBeGreaterThanOrEqual(4)

      if (target === 'group') process.kill(-child.pid!, signal)
      else child.kill(signal)
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000)),
      ])
      expect(code, output.join('\n')).toBe(0)
      expect(tree.filter(alive).map((p) => p.pid)).toEqual([])
      expect(await answers(rpcUrl)).toBe(false)
      expect(existsSync(join(cwd, '.racetee', 'devnet.json'))).toBe(false)
      expect(output).toContain('devnet stopped')
      // The data dir is kept by default (--wipe deletes it), with every process's log.
      expect(existsSync(join(dataDir, 'logs'))).toBe(true)
      expect(existsSync(join(dataDir, 'devnet.json'))).toBe(true)
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // The group is already gone.
      }
    }
  }

  it('Ctrl-C (SIGINT to the process group) stops every process it started', async () => {
    await startStop('SIGINT', 'group')
  }, 120_000)

  it('behavior: SIGTERM to the command alone also stops every child it started', async () => {
    await startStop('SIGTERM', 'leader')
  }, 120_000)
})

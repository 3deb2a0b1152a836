/**
 * Starts the storage node as a child process (`node --import tsx src/main.ts …`) for tests,
 * waits for its `listening` JSON line (never sleeps), and records everything it writes to stdout
 * and stderr so tests can check what it logged. `kill` sends a signal and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

export type StorageNodeProcess = {
  url: string
  signer: Address
  child: ChildProcess
  /** Everything written so far, stdout and stderr interleaved. */
  output: () => string
  kill: (signal?: NodeJS.Signals) => Promise<number | null>
}

export async function startStorageNodeProcess(
  args: string[],
  timeoutMs = 30_000,
): Promise<StorageNodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let exitCode: number | null | undefined
  exited.then((code) => {
    exitCode = code
  })
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exitCode === undefined) child.kill(signal)
    return exited
  }
  const ready = new Promise<{ url: string; signer: Address }>((resolve, reject) => {
    let pending = ''
    const timer = setTimeout(
      () => reject(new RangeError(`no listening line within ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      pending += chunk.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        let parsed: { msg?: unknown; url?: unknown; signer?: unknown }
        try {
          parsed = JSON.parse(line)
        } catch {
          continue
        }
        if (parsed.msg === 'listening' && typeof parsed.url === 'string') {
          clearTimeout(timer)
          resolve({ url: parsed.url, signer: parsed.signer as Address })
        }
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
    })
    exited.then((code) => {
      clearTimeout(timer)
      reject(new RangeError(`storage node exited with ${code} before listening:\n${text}`))
    })
  })
  try {
    const { url, signer } = await ready
    return { url, signer, child, output: () => text, kill }
  } catch (err) {
    await kill('SIGKILL')
    throw err
  }
}

/** Runs the node expecting it to fail at start; resolves with its exit code and output. */
export async function runStorageNodeToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, output }
}

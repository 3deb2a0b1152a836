/**
 * Starts one of our services (storage node, executor) as its own Node process running its
 * TypeScript entry through tsx, and waits for readiness: the service prints a pino JSON line
 * whose `msg` is the ready message, carrying its URL; later lines can be awaited the same way
 * (`waitForMessage`, e.g. an executor that is up but still waiting for its admission). Never
 * sleeps. Everything the process
 * writes goes to a log file (tests grep those files for plaintext), and children are killed
 * when this process exits, so no service outlives the devnet or test that started it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { tsxLoader } from './tsxLoader.js'

export type SpawnServiceParameters = {
  /** Name used in errors and the log file. */
  name: string
  /** The TypeScript entry file. */
  entry: string
  args: readonly string[]
  /** File that receives stdout and stderr. */
  logFile: string
  /** `msg` of the JSON line that says the service is ready. */
  readyMessage: string
  timeoutMs?: number
  env?: Record<string, string>
}

export type ServiceProcess = {
  /** The ready line, parsed. */
  ready: Record<string, unknown>
  process: ChildProcess
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>
  /** SIGKILL at once: a crash, for tests. */
  kill(): Promise<void>
  exited: Promise<number | null>
  /**
   * The first JSON line (since start) whose `msg` is `message`, parsed; rejects with
   * TOOLING_FAILED when the process exits first or after `timeoutMs` (default 30 000).
   */
  waitForMessage(message: string, options?: { timeoutMs?: number }): Promise<Record<string, unknown>>
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

export async function spawnService(parameters: SpawnServiceParameters): Promise<ServiceProcess> {
  const { name, entry, args, logFile, readyMessage } = parameters
  mkdirSync(dirname(logFile), { recursive: true })
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(process.execPath, ['--import', tsxLoader, entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...parameters.env },
  })
  live.add(child)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child)
      resolve(code)
    }),
  )
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  void exited.then(() => log.end())
  const tail: string[] = []
  // Every JSON line's first occurrence by `msg`, and who waits for which.
  const seen = new Map<string, Record<string, unknown>>()
  const waiters = new Set<{ message: string; resolve: (line: Record<string, unknown>) => void }>()
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line.slice(0, 300))
      if (tail.length > 8) tail.shift()
      if (!line.startsWith('{')) return
      let parsed: Record<string, unknown>
      try {
        parsed = JSON.parse(line) as Record<string, unknown>
      } catch {
        return // Not a JSON log line.
      }
      if (typeof parsed.msg !== 'string' || seen.has(parsed.msg)) return
      seen.set(parsed.msg, parsed)
      for (const waiter of waiters)
        if (waiter.message === parsed.msg) {
          waiters.delete(waiter)
          waiter.resolve(parsed)
        }
    })
  }

  const waitForMessage = (message: string, options: { timeoutMs?: number } = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const already = seen.get(message)
      if (already) return resolve(already)
      const timeoutMs = options.timeoutMs ?? 30_000
      const fail = (why: string) => {
        clearTimeout(timer)
        waiters.delete(waiter)
        reject(
          new RaceteeError(errorCodes.TOOLING_FAILED, `The ${name} process did not log "${message}".`, {
            details: `${why}; see ${logFile}. Last lines: ${tail.join(' | ')}`,
          }),
        )
      }
      const timer = setTimeout(() => fail(`not within ${timeoutMs} ms`), timeoutMs)
      const waiter = {
        message,
        resolve: (line: Record<string, unknown>) => {
          clearTimeout(timer)
          resolve(line)
        },
      }
      waiters.add(waiter)
      void exited.then((code) => {
        if (waiters.has(waiter)) fail(`exited with code ${code}`)
      })
    })

  const ready = await waitForMessage(readyMessage, { timeoutMs: parameters.timeoutMs ?? 30_000 }).catch(
    (err: unknown) => {
      child.kill('SIGKILL')
      throw new RaceteeError(errorCodes.TOOLING_FAILED, `The ${name} process did not start.`, {
        details: (err as RaceteeError).details ?? '',
      })
    },
  )

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill(sig)
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  return {
    ready,
    process: child,
    exited,
    stop: () => signal('SIGTERM', 5_000),
    kill: () => signal('SIGKILL', 0),
    waitForMessage,
  }
}

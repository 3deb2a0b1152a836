/**
 * Test support: runs the real `racetee` bin as a child process (the launcher, tsx, main.ts) in a
 * given directory, with the RACETEE_* variables of this process removed unless given, and
 * returns its exit code and output. Never hangs past `timeoutMs`: the child is killed then.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const raceteeBin = fileURLToPath(new URL('../bin/racetee.js', import.meta.url))

export type CliRun = { code: number | null; stdout: string; stderr: string }

export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env }
  for (const name of Object.keys(env)) if (name.startsWith('RACETEE_')) delete env[name]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [raceteeBin, ...args], {
      cwd: options.cwd,
      env: { ...env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** The one JSON document a `--json` run printed. */
export function jsonOf(run: CliRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>
  } catch {
    throw new TypeError(
      `stdout is not one JSON document: ${run.stdout.slice(0, 500)} | stderr: ${run.stderr.slice(0, 500)}`,
    )
  }
}

/** The error code of a failed `--json` run. */
export function errorCodeOf(run: CliRun): unknown {
  return (jsonOf(run).error as { code?: unknown } | undefined)?.code
}

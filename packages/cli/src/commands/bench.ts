/**
 * `racetee bench [--quick] [--only <name>] [--out <dir>]` (D8, D9, issue 7): runs the benchmark
 * (`bench/run.ts`) as its own process under tsx with the flags forwarded, and exits with its
 * exit code. The benchmark checks its own flags (unknown ones are refused there, exit 2).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { tsxLoader } from '@racetee/devnet'
import { Command } from 'commander'

const benchEntry = fileURLToPath(new URL('../../../../bench/run.ts', import.meta.url))

export function benchCommand(): Command {
  return new Command('bench')
    .description('run the benchmark (bench/run.ts)')
    .addHelpText(
      'after',
      `\n${'Run the benchmark: enclave throughput, K-Means, and every D9 workload on a devnet, against its public twin.'}`,
    )
    .option('--quick', 'a smoke run with few repetitions')
    .option('--only <name>', 'one part only: a workload name, or engine')
    .option('--out <dir>', 'where to write results (default bench/results)')
    .action(async (options: { quick?: boolean; only?: string; out?: string }) => {
      const args = [
        ...(options.quick ? ['--quick'] : []),
        ...(options.only === undefined ? [] : ['--only', options.only]),
        ...(options.out === undefined ? [] : ['--out', options.out]),
      ]
      process.exitCode = await runForwarding(process.execPath, ['--import', tsxLoader, benchEntry, ...args])
    })
}

/**
 * Runs a child with our stdio and relays SIGINT/SIGTERM to it, so a Ctrl-C reaches it even when
 * only this process got it; the child decides how to stop. Resolves with its exit code (128 +
 * signal number when a signal ended it, as a shell reports).
 */
export function runForwarding(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    const relay = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
    const onInt = () => relay('SIGINT')
    const onTerm = () => relay('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    const done = (code: number) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(code)
    }
    child.once('error', () => done(1))
    child.once('exit', (code, signal) =>
      done(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)),
    )
  })
}

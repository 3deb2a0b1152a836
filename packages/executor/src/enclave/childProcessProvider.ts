/**
 * An `EnclaveProvider` of any kind (D2): forks the enclave entry as a plain Node child process
 * under tsx and initialises it with its provider's platform config. The kinds differ only in
 * what the child is told: `simulation` signs software quotes with a local key; `sgx-gramine`
 * and `tdx` read the CPU's quote through Gramine's `/dev/attestation` or configfs-tsm (under
 * Gramine the fork itself makes the child a separate enclave of the same manifest). What is
 * simulated is said by the child's own description, never assumed by the host.
 *
 * Launch: fork with an IPC channel and `serialization: 'advanced'`, wait for the ready line on
 * stderr (never a sleep), send `init`, and return the handle. Any failure before that kills the
 * child. The child gets no environment from the host beyond PATH: nothing secret rides in env.
 */
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { ChildProcessEnclave } from './ChildProcessEnclave.js'
import type {
  EnclaveHandle,
  EnclaveLaunchOptions,
  EnclaveProvider,
  EnclaveProviderKind,
} from './EnclaveProvider.js'
import type { EnclaveInitConfig } from './enclaveProcessApi.js'

/** V8 stack of the enclave process, in KiB (see the fork below). */
export const ENCLAVE_V8_STACK_KB = 3_800

export type ChildProcessProviderOptions = {
  /** The child's entry module; default `@racetee/enclave`'s `src/process/enclaveMain.ts`. */
  entry?: string
}

/** The enclave's process entry, `@racetee/enclave/enclaveMain` (packages/enclave/src/process/enclaveMain.ts). */
export function defaultEnclaveEntry(): string {
  return createRequire(import.meta.url).resolve('@racetee/enclave/enclaveMain')
}

export function childProcessProvider<K extends EnclaveProviderKind>(
  kind: K,
  options: ChildProcessProviderOptions = {},
): EnclaveProvider<K> {
  return {
    kind,
    launch: (launchOptions) => launch(kind, options.entry ?? defaultEnclaveEntry(), launchOptions),
  }
}

async function launch<K extends EnclaveProviderKind>(
  kind: K,
  entry: string,
  options: EnclaveLaunchOptions<K>,
): Promise<EnclaveHandle> {
  const { readyTimeoutMs = 30_000, logger } = options
  const child = fork(entry, [], {
    // `--import tsx` is resolved from cwd: the entry's folder finds the workspace's tsx.
    cwd: dirname(entry),
    // D5: a JS program's natively recursive built-ins (join, JSON) must meet QuickJS's own
    // deterministic stack cap before V8's native stack runs out; 3.8 MB of V8 stack (the
    // default is about 1 MB) gives that margin and stays under Linux's default 8 MB main stack.
    execArgv: [`--stack-size=${ENCLAVE_V8_STACK_KB}`, '--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { PATH: process.env.PATH ?? '' },
  })
  const handle = new ChildProcessEnclave({ kind, child, services: options.services, logger })
  try {
    await withTimeout(handle.ready, readyTimeoutMs, 'the ready line')
    // The conditional type cannot see that `config` plus `provider: kind` is the variant of `kind`.
    const config = { ...options.config, provider: kind } as EnclaveInitConfig
    await withTimeout(handle.init(config), readyTimeoutMs, 'init')
    return handle
  } catch (err) {
    child.kill('SIGKILL')
    await handle.exited
    throw err
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failed(`${what} did not answer within ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

function failed(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_PROCESS_FAILED, 'The enclave process did not start.', {
    details,
  })
}

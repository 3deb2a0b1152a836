/**
 * `racetee devnet` (D8 "Devnet", issue 9; `npm start`, and `npm run demo` with `--exit`):
 * starts anvil, the MC, n storage nodes (threshold k) and m racing executors as processes
 * under the SIMULATION provider (`startDevnet`), one progress line per part; prints the RPC
 * URL, addresses, dashboard URL and a funded test account (an anvil public dev key, labelled
 * so); writes `<data-dir>/devnet.json` and `.racetee/devnet.json` (which the other commands
 * default to); runs the demo unless `--no-demo`; then runs until SIGINT/SIGTERM, or exits after
 * the demo with `--exit` (0 only if every result matched the public run).
 *
 * Shutdown (decision 47's processes): the first signal stops everything through startDevnet's
 * `stop()`, deletes `.racetee/devnet.json` if it is still ours, and wipes the data dir under
 * `--wipe`; a second signal, or one during startup, exits at once and the spawners' exit hooks
 * SIGKILL every child (`onShutdownSignals.ts`).
 */
import { rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { startDashboard } from '@racetee/dashboard'
import { type Devnet, MAX_DEVNET_EXECUTORS, startDevnet } from '@racetee/devnet'
import { Command, InvalidArgumentError, Option } from 'commander'
import { isAddressEqual } from 'viem'
import { action, usageError } from '../commonOptions.js'
import { onShutdownSignals } from '../devnet/onShutdownSignals.js'
import { runDemo } from '../devnet/runDemo.js'
import {
  describeDevnet,
  latestDevnetPath,
  raceteeHome,
  readDevnetFile,
  removeDevnetFile,
  writeDevnetFile,
} from '../devnetFile.js'
import { createOutput, printError } from '../output.js'

type DevnetOptions = {
  executors: number
  storageNodes: number
  threshold: number
  blockTime: number
  rounds: number
  dataDir?: string
  wipe?: boolean
  demo: boolean
  exit?: boolean
  dashboardPort?: number
  json?: boolean
}

const FORCED_EXIT = 130

function integer(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text)
    if (!/^\d+$/.test(text) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`)
    return n
  }
}

export function devnetCommand(): Command {
  return new Command('devnet')
    .description('start a local RaceTEE: anvil, contracts, storage nodes, executors')
    .addHelpText(
      'after',
      '\n' +
        'Start a whole local RaceTEE (SIMULATION provider): anvil, the management contract, storage nodes and ' +
        'racing executors as processes; print where everything is and a funded test account; run the demo; ' +
        'keep running until Ctrl-C (a second Ctrl-C forces).',
    )
    .addOption(
      new Option('--executors <m>', 'racing executors')
        .argParser(integer(1, MAX_DEVNET_EXECUTORS))
        .default(3),
    )
    .addOption(new Option('--storage-nodes <n>', 'storage nodes').argParser(integer(1, 16)).default(3))
    .addOption(
      new Option('--threshold <k>', 'storage confirmations per commit (k <= n)')
        .argParser(integer(1, 16))
        .default(2),
    )
    .addOption(
      new Option('--block-time <s>', 'seconds per block (0: a block per transaction)')
        .argParser(integer(0, 60))
        .default(1),
    )
    .addOption(new Option('--rounds <r>', 'token demo rounds').argParser(integer(1, 100)).default(2))
    .option('--data-dir <dir>', 'data and logs (default .racetee/devnet-<timestamp>)')
    .option('--wipe', 'delete the data dir on exit (default: keep it)')
    .option('--no-demo', 'start the devnet only, without the demo')
    .option('--exit', 'exit after the demo: 0 only if every result matched the public run')
    .addOption(
      new Option('--dashboard-port <port>', 'dashboard port (default: a free one)').argParser(
        integer(0, 65535),
      ),
    )
    .option('--json', 'print devnet.json on stdout once ready; progress goes to stderr')
    .action(action(runDevnetCommand))
}

async function runDevnetCommand(options: DevnetOptions): Promise<void> {
  const out = createOutput(options.json === true)
  if (options.threshold > options.storageNodes)
    throw usageError(`--threshold ${options.threshold} exceeds --storage-nodes ${options.storageNodes}`)
  const dir =
    options.dataDir ?? join(raceteeHome(), `devnet-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  const latest = latestDevnetPath()
  let devnet: Devnet | undefined
  let dashboard: { url: string; stop(): Promise<void> } | undefined
  let stopping: Promise<void> | undefined
  let exitCode = 0

  const cleanUp = async () => {
    const described = readDevnetFile(latest)
    if (devnet && described && isAddressEqual(described.mc, devnet.mc) && described.rpcUrl === devnet.rpcUrl)
      removeDevnetFile(latest)
    await dashboard?.stop().catch(() => {})
    await devnet?.stop()
    if (options.wipe) rmSync(dir, { recursive: true, force: true })
  }
  const shutdown = (code: number): Promise<void> => {
    stopping ??= (async () => {
      exitCode = exitCode || code
      await cleanUp().catch(() => {})
      out.info('devnet stopped')
      process.exit(exitCode)
    })()
    return stopping
  }
  const disposeSignals = onShutdownSignals({
    first: () => {
      if (devnet === undefined) {
        // Still starting: nothing holds a handle to stop gracefully; the exit hooks kill what started.
        if (options.wipe) rmSync(dir, { recursive: true, force: true })
        process.exit(FORCED_EXIT)
      }
      out.info('\nstopping the devnet (Ctrl-C again to force)')
      void shutdown(0)
    },
    again: () => process.exit(FORCED_EXIT),
  })

  out.info('RaceTEE devnet: SIMULATION provider (software attestation, no hardware protection)')
  devnet = await startDevnet({
    ...(options.blockTime === 0 ? {} : { blockTime: options.blockTime }),
    executors: options.executors,
    storageNodes: options.storageNodes,
    storageThreshold: options.threshold,
    dir,
    keepDir: true,
    log: (line) => out.info(`  ${line}`),
  }).catch((err: unknown) => {
    disposeSignals()
    if (options.wipe) rmSync(dir, { recursive: true, force: true })
    throw err
  })

  try {
    // The dashboard (D8) is served by this process, from public chain and health data only.
    dashboard = await startDashboard({
      rpcUrl: devnet.rpcUrl,
      mc: devnet.mc,
      deployBlock: devnet.deployBlock,
      storage: devnet.storage.map(({ url, signer }) => ({ url, signer })),
      executors: devnet.executors.map(({ healthUrl, enclave, account }) => ({ healthUrl, enclave, account })),
      ...(options.dashboardPort === undefined ? {} : { port: options.dashboardPort }),
    })
    announce(devnet, dashboard.url, dir, latest, options)
    if (options.demo) {
      const summary = await runDemo(devnet, { print: (line) => out.info(line), rounds: options.rounds })
      if (!summary.ok) exitCode = 1
    }
  } catch (err) {
    if (stopping) return // A signal stopped the devnet under the demo: not the demo's failure.
    printError(err, out.json)
    exitCode = 1
  }
  // As `npm start` always did: a demo that did not match stops the devnet with exit code 1.
  if (options.exit || exitCode !== 0) {
    disposeSignals()
    await shutdown(exitCode)
    return
  }
  out.info('\ndevnet running; Ctrl-C to stop')
  // Runs until a signal calls shutdown(), which exits the process.
  await new Promise<never>(() => {})
}

/** Writes both devnet.json files and prints where everything is. */
function announce(
  devnet: Devnet,
  dashboardUrl: string,
  dir: string,
  latest: string,
  options: DevnetOptions,
): void {
  const out = createOutput(options.json === true)
  // The demo's accounts are the first three user keys: test accounts list the others first, so
  // a user's own commands do not race the demo for nonces.
  const testKeys = [...devnet.userKeys.slice(3), ...devnet.userKeys.slice(0, 3)]
  const described = describeDevnet(devnet, dashboardUrl, testKeys)
  writeDevnetFile(join(dir, 'devnet.json'), described)
  writeDevnetFile(latest, described)
  const test = described.testAccounts[0]!
  const shown = (path: string) => relative(process.cwd(), path) || '.'
  out.info('')
  out.info(`  RPC           ${devnet.rpcUrl} (chain ${devnet.chainId}; WebSocket ${devnet.wsUrl})`)
  out.info(`  MC            ${devnet.mc} (deployed in block ${devnet.deployBlock})`)
  out.info(`  dashboard     ${dashboardUrl}`)
  out.info(`  test account  ${test.address} (funded)`)
  out.info(
    `  private key   ${test.privateKey} (anvil's PUBLIC dev key: this local chain only, never for value)`,
  )
  out.info(
    `  data          ${shown(dir)} (logs in ${shown(join(dir, 'logs'))}; ${options.wipe ? 'wiped' : 'kept'} on exit)`,
  )
  out.info(`  devnet.json   ${shown(latest)} (racetee deploy/call/read/status use it)`)
  if (out.json) out.result(described, [])
}

/**
 * `npm start` and `npm run demo`: brings up the devnet (anvil, the MC, n storage nodes with
 * threshold k, m racing executors each with its enclave process, all under SIMULATION; by
 * default m = 3, n = 3, k = 2 as D6 and issue 6 say), runs the confidential token demo and
 * every workload of D9 through the SDK, and prints each decrypted result beside the same call
 * on the public twin of the contract, with its latency in blocks.
 *
 *   npm start        keeps the devnet running until Ctrl-C (data and logs under .racetee/)
 *   npm run demo     exits: 0 only if every decrypted result matched the public run
 *   flags            --executors <m> --storage-nodes <n> --threshold <k> --block-time <s>
 *                    --rounds <r> --exit
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { isRaceteeError } from '@racetee/protocol'
import { fileSecretStore } from '@racetee/sdk/node'
import type { Address } from 'viem'
import { MAX_DEVNET_EXECUTORS, startDevnet } from './startDevnet.js'
import { runTokenDemo } from './tokenDemo.js'
import { allWorkloads } from './workloads/allWorkloads.js'
import { runKmeansWorkload } from './workloads/kmeansWorkload.js'
import { runWorkload, type WorkloadOutcome } from './workloads/runWorkload.js'

const { values } = parseArgs({
  options: {
    exit: { type: 'boolean', default: false },
    'block-time': { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    executors: { type: 'string', default: '3' },
    'storage-nodes': { type: 'string', default: '3' },
    threshold: { type: 'string', default: '2' },
  },
})

/** A flag's positive integer value, at most `max`; a bad value ends the process with one line. */
function count(name: string, value: string, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    process.stderr.write(`--${name} must be an integer from 1 to ${max}\n`)
    process.exit(1)
  }
  return n
}
const executors = count('executors', values.executors, MAX_DEVNET_EXECUTORS)
const storageNodes = count('storage-nodes', values['storage-nodes'], 16)
const storageThreshold = count('threshold', values.threshold, storageNodes)
const keepRunning = !values.exit
const print = (line: string) => process.stdout.write(`${line}\n`)

print('RaceTEE devnet: SIMULATION provider (software attestation, no hardware protection)')
const dir = join(process.cwd(), '.racetee', `devnet-${new Date().toISOString().replace(/[:.]/g, '-')}`)
const devnet = await startDevnet({
  blockTime: Number(values['block-time']),
  executors,
  storageNodes,
  storageThreshold,
  dir,
  keepDir: keepRunning,
  log: (line) => print(`  ${line}`),
}).catch((err) => {
  process.stderr.write(`${isRaceteeError(err) ? err.message : String(err)}\n`)
  process.exit(1)
})
print(`  logs          ${join(devnet.dir, 'logs')}`)

let exitCode = 0
try {
  const started = performance.now()
  const secretStore = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets') })
  print('\nConfidentialERC20: concurrent transfers and balance reads from three accounts')
  const token = await runTokenDemo(devnet, { print, rounds: Number(values.rounds), secretStore })
  const users = devnet.userKeys.slice(0, 3).map((key) => devnet.wallet(key).account.address) as [
    Address,
    Address,
    Address,
  ]
  const workloads: WorkloadOutcome[] = []
  for (const workload of allWorkloads(users))
    workloads.push(...(await runWorkload(devnet, workload, { secretStore, print })))
  workloads.push(...(await runKmeansWorkload(devnet, users[0], { secretStore, print })))
  const results = [
    ...token.outcomes.map((o) => ({ matched: o.matched, latency: o.latencyBlocks })),
    ...workloads.map((o) => ({ matched: o.differs.length === 0, latency: o.latencyBlocks })),
  ]
  const matched = results.filter((r) => r.matched).length
  const latencies = results.map((r) => Number(r.latency))
  print(
    `\n${results.length} confidential results, ${matched} matched the public contracts; ` +
      `latency ${Math.min(...latencies)}–${Math.max(...latencies)} blocks; ${Math.round(performance.now() - started)} ms`,
  )
  if (matched !== results.length) exitCode = 1
} catch (err) {
  process.stderr.write(`demo failed: ${isRaceteeError(err) ? err.message : String(err)}\n`)
  exitCode = 1
}

if (keepRunning && exitCode === 0) {
  print('\ndevnet running; Ctrl-C to stop')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}
await devnet.stop()
process.exit(exitCode)

/**
 * `npm start` and `npm run demo` (issue 3): brings up the devnet (anvil, the MC, one storage
 * node, one executor with its enclave process, all under SIMULATION), runs the confidential
 * token demo through the SDK and prints each decrypted result beside the public run, with its
 * latency in blocks.
 *
 *   npm start        keeps the devnet running until Ctrl-C (data and logs under .racetee/)
 *   npm run demo     exits: 0 only if every decrypted result matched the public run
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { isRaceteeError } from '@racetee/protocol'
import { startDevnet } from './startDevnet.js'
import { runTokenDemo } from './tokenDemo.js'

const { values } = parseArgs({
  options: {
    exit: { type: 'boolean', default: false },
    'block-time': { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
  },
})
const keepRunning = !values.exit
const print = (line: string) => process.stdout.write(`${line}\n`)

print('RaceTEE devnet: SIMULATION provider (software attestation, no hardware protection)')
const dir = join(process.cwd(), '.racetee', `devnet-${new Date().toISOString().replace(/[:.]/g, '-')}`)
const devnet = await startDevnet({
  blockTime: Number(values['block-time']),
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
  const { outcomes } = await runTokenDemo(devnet, { print, rounds: Number(values.rounds) })
  const mismatched = outcomes.filter((o) => !o.matched)
  const latencies = outcomes.map((o) => Number(o.latencyBlocks))
  print(
    `\n${outcomes.length} confidential results, ${outcomes.length - mismatched.length} matched the public token; ` +
      `latency ${Math.min(...latencies)}–${Math.max(...latencies)} blocks; ${Math.round(performance.now() - started)} ms`,
  )
  if (mismatched.length > 0) exitCode = 1
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

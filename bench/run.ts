/**
 * `npm run bench` (issue 7, D9): what confidentiality costs, side by side with public execution,
 * in one run on one chain. Phases:
 * 1. the enclave alone: confidential ERC20 transfers per second (no chain);
 * 2. K-Means in the engine's QuickJS sandbox vs plain Node;
 * 3. one devnet with 1-second blocks at confirmation depth 0: per workload, its public twin's
 *    gas, a burst of requests in one block (user gas, commit share), paced requests (latency);
 *    after the ERC20 workload, confidential reads without a transaction (read latency, D7).
 * Writes latest.json, the SVG charts and report.md to `--out` (default bench/results) and
 * prints the table and the targets. `--quick` is a smoke run; `--only <name>` runs one part.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { isRaceteeError } from '@racetee/protocol'
import { memorySecretStore } from '@racetee/sdk'
import type { Address } from 'viem'
import { parseBenchFlags } from './benchFlags.js'
import { benchCharts, benchReport, benchTable } from './benchReport.js'
import { type BenchSetup, buildResults, type WorkloadMeasurement } from './benchResults.js'
import { benchWorkloads } from './chain/benchWorkloads.js'
import { deployTwins } from './chain/deployTwins.js'
import { latencySamples } from './chain/latencySamples.js'
import { PUBLIC_GAS_METHOD, publicGas } from './chain/publicGas.js'
import { readLatency } from './chain/readLatency.js'
import { requestBurst } from './chain/requestBurst.js'
import { erc20Throughput } from './engine/erc20Throughput.js'
import { kmeansSourceUrl, kmeansTiming } from './kmeans/kmeansTiming.js'
import { machineInfo } from './machineInfo.js'
import { createProgress } from './progress.js'

const BLOCK_TIME = 1
const print = (line: string) => process.stdout.write(`${line}\n`)

let flags: ReturnType<typeof parseBenchFlags>
try {
  flags = parseBenchFlags(process.argv.slice(2), fileURLToPath(new URL('results', import.meta.url)))
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(2)
}
const { quick, only, out } = flags
const runs = (part: string) => only === null || only === part
const setup: BenchSetup = {
  quick,
  blockTimeSeconds: BLOCK_TIME,
  confirmationDepth: 0,
  requestsPerBlock: quick ? 10 : 50,
  latencySamples: { erc20: quick ? 8 : 40, other: quick ? 2 : 10 },
  readSamples: quick ? 5 : 40,
  enclaveBatch: quick ? 100 : 500,
  publicGasMethod: PUBLIC_GAS_METHOD,
}
const progress = createProgress(print)
/**
 * Latency requests are paced at one per 0.5 s (ERC20) or 1 s, or at twice the executor's time
 * per request in the burst when that is longer: a heavy workload (cal, K-Means) sent faster
 * than the enclave executes it would measure the queue, not the latency.
 */
const paceOf = (key: string, msPerRequest: number) =>
  Math.max(key === 'erc20' ? 500 : 1_000, Math.ceil((2 * msPerRequest) / 100) * 100)
print(`RaceTEE bench${quick ? ' (quick)' : ''}${only ? ` --only ${only}` : ''}: results to ${out}`)

let exitCode = 0
let devnet: Devnet | undefined
try {
  const erc20PerSecond = runs('engine')
    ? (
        await progress.phase(
          `enclave: ${setup.enclaveBatch} confidential ERC20 transfers in one batch`,
          () => erc20Throughput({ transfers: setup.enclaveBatch, warmup: quick ? 20 : 100 }),
          (r) => `${r.perSecond.toFixed(0)} transfers/s`,
        )
      ).perSecond
    : null
  const kmeans = runs('kmeans')
    ? await progress.phase(
        'K-Means: QuickJS sandbox vs plain Node',
        () => kmeansTiming({ runs: quick ? 1 : 3 }),
        (r) => `sandbox ${r.sandboxMs.toFixed(0)} ms, Node ${r.nativeMs.toFixed(1)} ms (identical results)`,
      )
    : null

  const measurements: WorkloadMeasurement[] = []
  let readsMs: number[] | null = null
  const secretStore = memorySecretStore()
  const kmeansSource = readFileSync(kmeansSourceUrl, 'utf8')
  if (only !== 'engine') {
    devnet = await progress.phase(
      `devnet: anvil with ${BLOCK_TIME}-second blocks, MC, storage, executor`,
      () => startDevnet({ blockTime: BLOCK_TIME }),
    )
    const d = devnet
    const users = d.userKeys.slice(0, 3).map((key) => d.wallet(key).account.address) as [
      Address,
      Address,
      Address,
    ]
    for (const workload of benchWorkloads(users, kmeansSource).filter((w) => runs(w.key))) {
      const { key, call } = workload
      const twins = await progress.phase(`${key}: deploy and set up both sides`, () =>
        deployTwins(d, workload, { secretStore }),
      )
      const publicGasPerCall = workload.jsSource
        ? null
        : await progress.phase(
            `${key}: public ${call.label}`,
            () => publicGas(d, twins, call, { repeats: quick ? 1 : 3, firstIndex: 0 }),
            (gas) => `${gas.toFixed(0)} gas`,
          )
      const burst = await progress.phase(
        `${key}: ${setup.requestsPerBlock} confidential requests in one block, then its commit`,
        () =>
          requestBurst(d, twins, call, {
            count: setup.requestsPerBlock,
            firstIndex: 0,
            blockTime: BLOCK_TIME,
            secretStore,
          }),
        (b) =>
          `user ${b.userGasPerCall.toFixed(0)} + commit ${b.commitGasPerCall.toFixed(0)} gas per call (${b.commits} commit${b.commits === 1 ? '' : 's'})`,
      )
      const count = key === 'erc20' ? setup.latencySamples.erc20 : setup.latencySamples.other
      const latency = await progress.phase(
        `${key}: latency of ${count} paced requests`,
        () =>
          latencySamples(d, twins, call, {
            count,
            firstIndex: setup.requestsPerBlock,
            paceMs: paceOf(key, burst.msPerRequest),
            secretStore,
          }),
        (l) => `one request per ${paceOf(key, burst.msPerRequest)} ms, blocks ${l.blocks.join(' ')}`,
      )
      if (key === 'erc20') {
        const reader = call.from
        readsMs = await progress.phase(
          `reads: ${setup.readSamples} confidential balanceOf reads without a transaction`,
          () => readLatency(d, twins, { account: reader, samples: setup.readSamples }),
          (ms) => `median ${[...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!.toFixed(0)} ms`,
        )
      }
      measurements.push({
        key,
        name: workload.name,
        publicGasPerCall,
        userGasPerCall: burst.userGasPerCall,
        commitGasPerCall: burst.commitGasPerCall,
        latencyBlocks: latency.blocks,
        latencyMs: latency.ms,
      })
    }
  }

  const results = buildResults({
    generatedAt: new Date(),
    setup,
    workloads: measurements,
    erc20PerSecond,
    readsMs,
    kmeans,
    machine: machineInfo(),
  })
  const charts = benchCharts(results)
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  for (const chart of charts) writeFileSync(join(out, chart.file), chart.svg)
  writeFileSync(join(out, 'report.md'), benchReport(results, charts))
  print(`\n${benchTable(results)}\n`)
  print(
    `wrote ${['latest.json', 'report.md', ...charts.map((c) => c.file)].map((f) => join(out, f)).join(', ')}`,
  )
} catch (err) {
  process.stderr.write(
    `bench failed: ${isRaceteeError(err) ? `${err.message} ${err.details ?? ''}` : String(err)}\n`,
  )
  exitCode = 1
} finally {
  if (devnet) await progress.phase('devnet stopped', () => devnet!.stop())
}
process.exit(exitCode)

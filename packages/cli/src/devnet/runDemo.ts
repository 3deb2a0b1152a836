/**
 * The demo `racetee devnet` runs on its fresh devnet (issue 3, D9; formerly
 * `packages/devnet/src/main.ts`): the confidential token demo from three accounts, then every D9
 * workload and K-Means as a JS program, each decrypted result printed beside the same call on
 * the public twin (decision 29). `ok` only if every result matched (status, value, gas), which
 * is what `npm run demo`'s exit code reports.
 */
import { join } from 'node:path'
import {
  allWorkloads,
  type Devnet,
  runKmeansWorkload,
  runTokenDemo,
  runWorkload,
  type WorkloadOutcome,
} from '@racetee/devnet'
import { fileSecretStore } from '@racetee/sdk/node'
import type { Address } from 'viem'

export type DemoSummary = {
  results: number
  matched: number
  latencyBlocks: { min: number; max: number }
  ms: number
  ok: boolean
}

export async function runDemo(
  devnet: Devnet,
  options: { print: (line: string) => void; rounds: number },
): Promise<DemoSummary> {
  const { print } = options
  const started = performance.now()
  const secretStore = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets') })
  print('\nConfidentialERC20: concurrent transfers and balance reads from three accounts')
  const token = await runTokenDemo(devnet, { print, rounds: options.rounds, secretStore })
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
  const summary: DemoSummary = {
    results: results.length,
    matched,
    latencyBlocks: { min: Math.min(...latencies), max: Math.max(...latencies) },
    ms: Math.round(performance.now() - started),
    ok: matched === results.length && results.length > 0,
  }
  print(
    `\n${summary.results} confidential results, ${matched} matched the public contracts; ` +
      `latency ${summary.latencyBlocks.min}–${summary.latencyBlocks.max} blocks; ${summary.ms} ms`,
  )
  return summary
}

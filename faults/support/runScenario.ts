/**
 * Runs one fault scenario end to end on its own devnet (issue 6 "Done when"; D6, D7): starts
 * the devnet (3 storage nodes, k = 2 unless the scenario says otherwise), lets the scenario arm
 * its fault tools, deploys the token, sends the workload in three parts around the fault
 * (part 1, then `inject`, part 2, then `heal` with part 2's seqs, part 3), waits for every result
 * within a bound, has every account read its balance back, replays all answered requests on a
 * public twin, reads the chain's commits, and scores the row. A scenario that breaks (its own
 * tools, the deploy) still yields a row, failed, with the error's code as its note. Everything
 * started is stopped in `finally`.
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Devnet, type StartDevnetParameters, startDevnet } from '@racetee/devnet'
import { isRaceteeError } from '@racetee/protocol'
import { type Address, type Hex, isAddressEqual } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { replayOnPublicToken } from './replayOnPublicToken.js'
import { rowPasses, type ScenarioRow, scoreScenario } from './scoreScenario.js'
import { finalReads, planSteps, type SentRequest, startTokenWorkload } from './tokenWorkload.js'

export type FaultPlan = {
  /** After part 1 is sent and mined (its seqs and transaction hashes given): the fault. */
  inject(part1: { seqs: readonly bigint[]; hashes: readonly Hex[] }): Promise<void>
  /** After part 2 is sent (its seqs given): checks the fault's effect, then heals what it must. */
  heal(part2: { seqs: readonly bigint[] }): Promise<void>
  /** Faults that actually fired so far. */
  injected(): number
  /** Stops the scenario's own tools (proxies); the devnet is stopped by the runner. */
  stop(): Promise<void>
}

export type Scenario = {
  name: string
  /** False only for the baseline. */
  expectsFaults: boolean
  devnet?: StartDevnetParameters
  /** Once the devnet is up, before the token is deployed. */
  arm(devnet: Devnet, log: (line: string) => void): Promise<FaultPlan>
}

export type RunScenarioParameters = {
  /** Workload requests (the final balance reads come on top). */
  steps?: number
  users?: number
  /** Bound on waiting for all results, after the last part is sent. */
  resultTimeoutMs?: number
  log?: (line: string) => void
}

export async function runScenario(
  scenario: Scenario,
  parameters: RunScenarioParameters = {},
): Promise<ScenarioRow> {
  const stepCount = parameters.steps ?? 24
  const users = parameters.users ?? 4
  const timeoutMs = parameters.resultTimeoutMs ?? 90_000
  const log = (line: string) => parameters.log?.(`[${scenario.name}] ${line}`)
  let devnet: Devnet | undefined
  let plan: FaultPlan | undefined
  let sent = 0
  let row: ScenarioRow | undefined
  // Kept when the row fails: its logs (public by the services' invariant) explain why.
  const dir = join(tmpdir(), `racetee-faults-${scenario.name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}`)
  try {
    devnet = await startDevnet({
      storageNodes: 3,
      storageThreshold: 2,
      ...scenario.devnet,
      dir,
      keepDir: true,
    })
    plan = await scenario.arm(devnet, log)
    const workload = await startTokenWorkload(devnet, { users })
    log(`token deployed; sending ${stepCount} requests in three parts`)
    const third = Math.ceil(stepCount / 3)
    const parts = [0, 1, 2].map((p) =>
      planSteps(workload.users, p * third, Math.max(0, Math.min(third, stepCount - p * third))),
    )
    const requests: SentRequest[] = []
    const sendPart = async (p: number) => {
      const out = await workload.send(parts[p]!)
      requests.push(...out)
      sent += out.length
      return out
    }
    const part1 = await sendPart(0)
    await plan.inject({ seqs: part1.map((r) => r.seq), hashes: part1.map((r) => r.hash) })
    const part2 = await sendPart(1)
    await plan.heal({ seqs: part2.map((r) => r.seq) })
    await sendPart(2)
    const reads = await workload.send(finalReads(workload.users))
    requests.push(...reads)
    sent += reads.length
    log(`sent ${sent}; waiting for results (bound ${timeoutMs} ms)`)
    const results = await workload.results(requests, timeoutMs)
    const answered = results.filter((r) => r !== undefined)
    const readSeqs = reads.map((r) => r.seq)
    const allReadsAnswered = readSeqs.every((seq) => answered.some((a) => a.seq === seq))
    const mismatched = await replayOnPublicToken(devnet, {
      deployer: workload.users[0]!,
      answered,
      walletOf: walletOf(devnet, workload.users),
    })
    // A result carrying another seq than its request's is wrong, whatever it says.
    for (const a of answered) if (a.result.seq !== a.seq) mismatched.add(a.seq)
    const ranges = await committedRanges(devnet.publicClient, {
      mc: devnet.mc,
      fromBlock: devnet.deployBlock,
    })
    row = scoreScenario({
      scenario: scenario.name,
      sent,
      receivedSeqs: answered.map((a) => a.result.seq),
      ranges,
      mismatchedSeqs: mismatched,
      finalReadSeqs: allReadsAnswered ? readSeqs : null,
      injected: plan.injected(),
      expectsFaults: scenario.expectsFaults,
    })
    return row
  } catch (err) {
    const code = isRaceteeError(err) ? `${err.code}: ${err.details ?? err.shortMessage}` : (err as Error).name
    log(`broke: ${code}`)
    row = {
      scenario: scenario.name,
      sent,
      received: 0,
      lost: sent,
      duplicated: 0,
      wrong: 0,
      state: 'unread',
      injected: plan?.injected() ?? 0,
      note: code,
    }
    return row
  } finally {
    await plan?.stop().catch(() => {})
    await devnet?.stop()
    if (row && rowPasses(row)) rmSync(dir, { recursive: true, force: true })
    else log(`kept ${dir} (logs in ${join(dir, 'logs')})`)
  }
}

function walletOf(devnet: Devnet, users: readonly Address[]) {
  const keys = devnet.userKeys.slice(0, users.length)
  return (address: Address) => {
    const key = keys.find((k) => isAddressEqual(devnet.wallet(k).account.address, address))
    if (!key) throw new TypeError(`no devnet key for ${address}`)
    return devnet.wallet(key)
  }
}

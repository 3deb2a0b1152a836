/**
 * Issue 3 "Done when": killing and restarting the executor mid-stream loses no request and
 * duplicates none (D7 "handles restarts without losing or duplicating work"; D3.3 one commit per
 * prevCommit). Everything is a real process: anvil, the MC, a storage node, the executor and its
 * enclave child; ConfidentialERC20 is deployed and driven through the SDK by three accounts.
 *
 * The stream is 30 requests, each account sending its share one after another, the three at
 * once. Kill 1 is a SIGKILL at whatever the executor was doing when the first commit after the
 * deploy appeared; the stream goes on and more requests land while it is down. Kill 2 is
 * deterministic: mining is paused before the restart, so the catch-up round's commit is signed,
 * recorded as pending in progress.json and waiting in the mempool when the executor dies; it is
 * then mined, and the second restart must settle it rather than commit again. The chain judges
 * the outcome: commits tile seq 1..N, every result decrypts and matches a public replay in seq
 * order, and progress.json ends with nothing pending.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type DemoStep, type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { ProgressStore } from '@racetee/executor'
import { confidentialErc20Abi } from '@racetee/protocol'
import { callProgram, type SecretStore, waitForResult } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import type { Address, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { committedRanges, seqTilingProblems } from './support/commitCoverage.js'
import { deployConfidentialToken, tokenArgs } from './support/deployConfidentialToken.js'
import { type MiningPause, pauseMining } from './support/pauseMining.js'
import { replayPublicly } from './support/publicReplay.js'
import { waitForCommitInFlight } from './support/waitForCommitInFlight.js'

const STREAM = 30
/** Steps below this go out at once; the rest wait for kill 1. */
const BEFORE_KILL = 12
/** Steps from BEFORE_KILL up to this go out while the executor is dead; the rest after it is back. */
const WHILE_DOWN = 21
const TRANSFER_GAS = 200_000n

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void }
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Rejections are observed where the promise is awaited; an early one must not be "unhandled".
  promise.catch(() => {})
  return { promise, resolve, reject }
}

/** Pino JSON lines of a service's log file. */
function logLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('executor restart mid-stream', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address
  let deploySeq: bigint
  let users: readonly [Address, Address, Address]
  const walletOf = (address: Address) => {
    const key = devnet.userKeys.find((k) => devnet.wallet(k).account.address === address)
    if (!key) throw new TypeError(`no devnet key for ${address}`)
    return devnet.wallet(key)
  }

  beforeAll(async () => {
    devnet = await startDevnet()
    const [alice, bob, carol] = devnet.userKeys.map((key) => devnet.wallet(key).account.address)
    users = [alice!, bob!, carol!]
    secretStore = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets') })
    ;({ program, seq: deploySeq } = await deployConfidentialToken(devnet, {
      wallet: devnet.wallet(devnet.userKeys[0]!),
      secretStore,
    }))
  })

  afterAll(async () => {
    await devnet?.stop()
  })

  /** Alice pays out; bob and carol pass on random amounts they may not hold (reverts) and check balances. */
  function plan(): DemoStep[] {
    const [alice, bob, carol] = users
    return Array.from({ length: STREAM }, (_, i): DemoStep => {
      const [turn, from] = [Math.floor(i / 3), users[i % 3]!]
      if (from === alice) {
        const to = turn % 2 === 0 ? bob : carol
        return { label: `${i}`, from, functionName: 'transfer', args: [to, randomAmount()] }
      }
      // Carol's first transfer is more than the whole supply: at least one revert, whatever the order.
      const amount = i === 2 ? tokenArgs[2] + 1n : randomAmount()
      if (turn % 2 === 0)
        return { label: `${i}`, from, functionName: 'transfer', args: [from === bob ? carol : bob, amount] }
      return { label: `${i}`, from, functionName: 'balanceOf', args: [from] }
    })
  }

  test('a SIGKILL at any moment and one with a commit in flight lose no request and duplicate none', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const executor = devnet.executors[0]!
    // The executor's log is public by design (seqs, codes, hashes): its story explains a failure.
    onTestFailed(() => {
      const story = logLines(executor.logFile).map((l) =>
        [l.msg, l.fromSeq, l.toSeq, l.code, l.details, l.landed].filter((v) => v !== undefined).join(' '),
      )
      console.error(`executor log:\n  ${story.join('\n  ')}`)
    })
    const { publicClient, mc, chainId } = devnet
    const steps = plan()
    const hashes = steps.map(() => deferred<Hex>())
    const killed = deferred<void>()
    const back = deferred<void>()
    // Each account sends its steps in order; the three accounts run at once.
    const stream = Promise.all(
      users.map(async (_, k) => {
        for (let i = k; i < STREAM; i += 3) {
          if (i >= BEFORE_KILL) await killed.promise
          if (i >= WHILE_DOWN) await back.promise
          const step = steps[i]!
          const { hash } = await callProgram(walletOf(step.from), {
            mc,
            program,
            abi: confidentialErc20Abi,
            functionName: step.functionName,
            args: step.args as never,
            gasLimit: TRANSFER_GAS,
            secretStore,
            publicClient,
          })
          hashes[i]!.resolve(hash)
        }
      }),
    )
    stream.catch((err) => {
      for (const h of hashes) h.reject(err)
    })
    const landed = (i: number) =>
      hashes[i]!.promise.then((hash) => publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 }))

    let mining: MiningPause | undefined
    let inFlight: Awaited<ReturnType<typeof waitForCommitInFlight>>
    try {
      // Kill 1: as soon as the chain shows a commit past the deploy, whatever the executor is doing.
      await vi.waitFor(
        async () => {
          const ranges = await committedRanges(publicClient, { mc, fromBlock: devnet.deployBlock })
          if (!ranges.some((r) => r.toSeq > deploySeq)) throw new TypeError('no commit past the deploy yet')
        },
        { timeout: 20_000, interval: 50 },
      )
      await executor.service.kill()
      const commitsAtKill = (await committedRanges(publicClient, { mc, fromBlock: devnet.deployBlock }))
        .length
      killed.resolve()
      await Promise.all(Array.from({ length: WHILE_DOWN }, (_, i) => landed(i)))
      // Requests landed and nothing committed them while the executor was down.
      expect(await committedRanges(publicClient, { mc, fromBlock: devnet.deployBlock })).toHaveLength(
        commitsAtKill,
      )

      // Kill 2: the catch-up round's commit is sent but cannot be mined.
      mining = await pauseMining(devnet.rpcUrl)
      await executor.restart()
      inFlight = await waitForCommitInFlight({ client: publicClient, dataDir: executor.dataDir, chainId, mc })
      await executor.service.kill()
      expect(ProgressStore.open(executor.dataDir, { chainId, mc }).get().pending).toEqual(inFlight)
      await mining.resume()
      await executor.restart()
      back.resolve()
    } finally {
      await mining?.resume()
      killed.resolve()
      back.resolve()
    }
    await stream

    const sent = await Promise.all(hashes.map((h) => h.promise))
    const results = await Promise.all(
      sent.map((hash, i) =>
        waitForResult(publicClient, {
          mc,
          hash,
          secretStore,
          abi: confidentialErc20Abi,
          functionName: steps[i]!.functionName,
          pollingInterval: 100,
          timeout: 30_000,
        }),
      ),
    )
    const lastSeq = deploySeq + BigInt(STREAM)
    expect(results.map((r) => r.seq).sort((a, b) => (a < b ? -1 : 1))).toEqual(
      Array.from({ length: STREAM }, (_, i) => deploySeq + 1n + BigInt(i)),
    )

    // The chain: each seq in exactly one commit, and each result from the commit that covers it.
    const ranges = await committedRanges(publicClient, { mc, fromBlock: devnet.deployBlock })
    expect(seqTilingProblems(ranges, lastSeq)).toEqual([])
    for (const r of results)
      expect(r.commitId).toBe(ranges.find((c) => c.fromSeq <= r.seq && r.seq <= c.toSeq)?.commitId)
    expect(ranges.filter((c) => c.commitId === inFlight.commitId)).toHaveLength(1)

    // The commit in flight at kill 2 was mined while the executor was dead; the restart settled it.
    expect(
      logLines(executor.logFile).filter((l) => l.msg === 'settled a commit pending from before a restart'),
    ).toContainEqual(expect.objectContaining({ txHash: inFlight.txHash, landed: true }))

    const { mismatches } = await replayPublicly(devnet, {
      deployer: users[0],
      args: tokenArgs,
      steps: steps.map((step, i) => ({ step, result: results[i]! })),
      transferGas: TRANSFER_GAS,
      walletOf,
    })
    expect(mismatches).toEqual([])
    const outcomes = new Set(results.map((r) => r.status))
    // The stream exercised both outcomes, so the replay compared reverts as well as successes.
    expect(outcomes).toEqual(new Set(['success', 'reverted']))

    // Its own bookkeeping agrees once the last round is recorded: nothing pending, all of 1..N.
    const progress = await vi.waitFor(
      () => {
        const p = ProgressStore.open(executor.dataDir, { chainId, mc }).get()
        if (p.lastToSeq !== lastSeq) throw new TypeError(`progress at seq ${p.lastToSeq}`)
        return p
      },
      { timeout: 10_000, interval: 50 },
    )
    expect(progress.pending).toBeNull()
  })
})

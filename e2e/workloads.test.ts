/**
 * Issue 4: every workload of D9 deployed confidentially through the SDK on the devnet (anvil,
 * storage node, executor and its enclave process) and run beside its public twin on the same
 * chain: every decrypted result must equal the public one (status, value, and gas wherever the
 * code path does not depend on the two sides' addresses).
 */
import { fileURLToPath } from 'node:url'
import {
  allWorkloads,
  type Devnet,
  runKmeansWorkload,
  runWorkload,
  startDevnet,
  type WorkloadOutcome,
} from '@racetee/devnet'
import { callProgram, deployProgram, memorySecretStore, waitForResult } from '@racetee/sdk'
import { readProgramSource } from '@racetee/sdk/node'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('D9 workloads on the devnet', () => {
  let devnet: Devnet
  let users: [Address, Address, Address]
  const secretStore = memorySecretStore()

  beforeAll(async () => {
    devnet = await startDevnet()
    users = devnet.userKeys.slice(0, 3).map((key) => devnet.wallet(key).account.address) as [
      Address,
      Address,
      Address,
    ]
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  const byName = (prefix: string) => allWorkloads(users).find((w) => w.name.startsWith(prefix))!
  const expectAllMatched = (outcomes: WorkloadOutcome[]) => {
    expect(outcomes.length).toBeGreaterThan(0)
    expect(
      outcomes.filter((o) => o.differs.length > 0).map((o) => `${o.label}: ${o.differs.join(', ')}`),
    ).toEqual([])
  }

  it('the inter-contract pair: Adder.add calls Multiplier.multiply in one request', async () => {
    const outcomes = await runWorkload(devnet, byName('Inter-contract'), { secretStore })
    expectAllMatched(outcomes)
    expect(outcomes.every((o) => o.status === 'success')).toBe(true)
  }, 60_000)

  it('the DEX moves two confidential tokens', async () => {
    expectAllMatched(await runWorkload(devnet, byName('DEX'), { secretStore }))
  }, 60_000)

  it('the second-price auction pays in a confidential token', async () => {
    expectAllMatched(await runWorkload(devnet, byName('Second-price'), { secretStore }))
  }, 60_000)

  it('a pair created by a factory inside the enclave is a program users call through the MC', async () => {
    const outcomes = await runWorkload(devnet, byName('Pair factory'), { secretStore })
    expectAllMatched(outcomes)
    expect(outcomes.map((o) => o.status)).toEqual(['success', 'success', 'success', 'success', 'success'])
  }, 60_000)

  it('QuickSelect over 2,048 values held in state, and cal(100000)', async () => {
    expectAllMatched(await runWorkload(devnet, byName('QuickSelect'), { secretStore }))
    expectAllMatched(await runWorkload(devnet, byName('cal('), { secretStore }))
  }, 90_000)

  it('a program written in TypeScript is transpiled, deployed and called through the SDK', async () => {
    const { source, abi } = await readProgramSource(
      fileURLToPath(new URL('../examples/js/counter.ts', import.meta.url)),
    )
    const wallet = devnet.wallet(devnet.userKeys[0]!)
    const { mc, publicClient } = devnet
    const deployed = await deployProgram(wallet, {
      mc,
      source,
      gasLimit: 3_000_000n,
      secretStore,
      publicClient,
    })
    expect((await waitForResult(publicClient, { mc, hash: deployed.hash, secretStore })).status).toBe(
      'success',
    )
    const increment = async (by: bigint) => {
      const args = { mc, program: deployed.program, abi, functionName: 'increment', args: [by] }
      const sent = await callProgram(wallet, {
        ...args,
        gasLimit: 1_000_000n,
        secretStore,
        publicClient,
      } as never)
      return waitForResult(publicClient, { mc, hash: sent.hash, secretStore, abi, functionName: 'increment' })
    }
    expect((await increment(5n)).decoded).toBe(5n)
    expect((await increment(37n)).decoded).toBe(42n)
  }, 60_000)

  /** Deploys a one-function JS program through the SDK and calls it once; returns the result. */
  async function deployAndCall(body: string, args: readonly bigint[], gasLimit: bigint, user: number) {
    const abi = [
      {
        type: 'function',
        name: 'go',
        stateMutability: 'nonpayable',
        inputs: args.map((_, i) => ({ name: `a${i}`, type: 'uint256' })),
        outputs: [],
      },
    ] as const
    const source = `export const abi = ${JSON.stringify(abi)}\nexport function go(n) { ${body} }`
    const wallet = devnet.wallet(devnet.userKeys[user]!)
    const { mc, publicClient } = devnet
    const deployed = await deployProgram(wallet, {
      mc,
      source,
      gasLimit: 3_000_000n,
      secretStore,
      publicClient,
    })
    expect((await waitForResult(publicClient, { mc, hash: deployed.hash, secretStore })).status).toBe(
      'success',
    )
    const call = {
      mc,
      program: deployed.program,
      abi,
      functionName: 'go',
      args,
      gasLimit,
      secretStore,
      publicClient,
    }
    const sent = await callProgram(wallet, call as never)
    return waitForResult(publicClient, { mc, hash: sent.hash, secretStore })
  }

  it('behavior: a runaway JS loop ends in an encrypted outOfGas result within its budget, and the executor goes on', async () => {
    const spun = await deployAndCall('for (;;) {}', [], 2_000_000n, 1)
    expect({ status: spun.status, gasUsed: spun.gasUsed }).toEqual({
      status: 'outOfGas',
      gasUsed: 2_000_000n,
    })
    // The executor is still committing: an ordinary request after it gets its result.
    expectAllMatched(await runWorkload(devnet, byName('cal('), { secretStore }))
  }, 90_000)

  it('behavior: a JS program that recurses natively (JSON of a deeply nested array) gets a result, and the executor goes on', async () => {
    const body = 'let v = 0; for (let i = 0; i < Number(n); i++) v = [v]; JSON.stringify(v)'
    const result = await deployAndCall(body, [100_000n], 16_000_000n, 2)
    expect(['sandboxLimit', 'reverted']).toContain(result.status)
    expectAllMatched(await runWorkload(devnet, byName('cal('), { secretStore }))
  }, 90_000)

  it('K-Means as a JS program deployed through the SDK equals the same source run in Node', async () => {
    const outcomes = await runKmeansWorkload(devnet, users[0], { secretStore })
    expectAllMatched(outcomes)
    expect(outcomes[0]?.status).toBe('success')
  }, 90_000)
})

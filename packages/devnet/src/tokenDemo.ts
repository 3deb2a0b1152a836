/**
 * The confidential token demo (issue 3, D9's ERC20 workload): `ConfidentialERC20` deployed and
 * used through the SDK on a running devnet, and the same token deployed publicly and driven
 * with the same calls in the same order (the MC's seq order). Every decrypted result is
 * compared with the public run: status, return value and, for transactions, gas.
 *
 * The amounts are random 128-bit numbers, so the e2e tests can grep every file and every
 * transaction for them. Only this user-side process ever prints them, decrypted.
 */
import { join } from 'node:path'
import { confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi } from '@racetee/protocol'
import {
  callProgram,
  deployProgram,
  type SecretStore,
  type WaitForResultReturnType,
  waitForResult,
} from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import { type Address, toHex } from 'viem'
import { commitBlock } from './commitBlock.js'
import { compareWithReference, type Reference, type ReferenceCall, runReference } from './publicReference.js'
import type { Devnet } from './startDevnet.js'

const SUPPLY = 2n ** 200n
const TRANSFER_GAS = 200_000n

export type DemoStep = {
  label: string
  from: Address
  functionName: 'transfer' | 'balanceOf'
  args: readonly [Address, bigint] | readonly [Address]
}

export type DemoOutcome = {
  label: string
  seq: bigint
  confidential: { status: string; value: unknown; gasUsed: bigint }
  public: { status: string; value: unknown; gasUsed: bigint | null }
  latencyBlocks: bigint
  matched: boolean
}

export type TokenDemoReturnType = {
  program: Address
  publicToken: Address
  outcomes: DemoOutcome[]
  /** Every amount used, for leak scans. */
  amounts: bigint[]
}

/** A random 128-bit amount: if it ever shows up outside the enclave in the clear, a scan finds it. */
export const randomAmount = (): bigint =>
  BigInt(toHex(crypto.getRandomValues(new Uint8Array(16)))) | (1n << 127n)

export async function runTokenDemo(
  devnet: Devnet,
  options: { print?: (line: string) => void; rounds?: number; secretStore?: SecretStore } = {},
): Promise<TokenDemoReturnType> {
  const print = options.print ?? (() => {})
  const { mc, publicClient } = devnet
  const secretStore = options.secretStore ?? fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets') })
  const users = devnet.userKeys.slice(0, 3).map((key) => {
    const wallet = devnet.wallet(key)
    return { address: wallet.account.address, wallet }
  })
  const [alice, bob, carol] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]]
  const names = new Map(users.map((u, i) => [u.address, ['alice', 'bob', 'carol'][i]!]))
  const walletOf = (address: Address) => users.find((u) => u.address === address)!.wallet

  print('deploying ConfidentialERC20 through the SDK (confidential) and publicly (reference)')
  const deployed = await deployProgram(alice.wallet, {
    mc,
    bytecode: confidentialErc20Artifact.bytecode,
    abi: confidentialErc20Abi,
    args: ['Token', 'TOK', SUPPLY],
    gasLimit: 3_000_000n,
    secretStore,
    publicClient,
  })
  const deployResult = await waitForResult(publicClient, {
    mc,
    hash: deployed.hash,
    secretStore,
    pollingInterval: 100,
  })
  if (deployResult.status !== 'success')
    throw new TypeError(`confidential deploy ended ${deployResult.status}`)
  const publicHash = await alice.wallet.deployContract({
    abi: confidentialErc20Abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Token', 'TOK', SUPPLY],
  })
  const publicToken = (await publicClient.waitForTransactionReceipt({ hash: publicHash })).contractAddress!
  print(`  confidential program ${deployed.program}   public token ${publicToken}`)

  const amounts: bigint[] = []
  const outcomes: DemoOutcome[] = []
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    const [a1, a2, a3] = [randomAmount(), randomAmount(), randomAmount()]
    amounts.push(a1, a2, a3)
    const steps: DemoStep[] = [
      {
        label: `alice → bob   ${a1}`,
        from: alice.address,
        functionName: 'transfer',
        args: [bob.address, a1],
      },
      {
        label: `alice → carol ${a2}`,
        from: alice.address,
        functionName: 'transfer',
        args: [carol.address, a2],
      },
      // More than the whole supply: a revert in both runs, whatever order the chain gave the requests.
      {
        label: 'carol → bob   (more than the supply)',
        from: carol.address,
        functionName: 'transfer',
        args: [bob.address, SUPPLY + a3],
      },
      { label: 'balanceOf(bob)', from: bob.address, functionName: 'balanceOf', args: [bob.address] },
      { label: 'balanceOf(carol)', from: carol.address, functionName: 'balanceOf', args: [carol.address] },
    ]
    // All confidential requests go out together: they land in one or a few blocks and one batch.
    const sent = await Promise.all(
      steps.map(async (step) => {
        const { hash } = await callProgram(walletOf(step.from), {
          mc,
          program: deployed.program,
          abi: confidentialErc20Abi,
          functionName: step.functionName,
          args: step.args as never,
          gasLimit: TRANSFER_GAS,
          secretStore,
          publicClient,
        })
        return { step, hash }
      }),
    )
    const results = await Promise.all(
      sent.map(async ({ step, hash }) => {
        const result = await waitForResult(publicClient, {
          mc,
          hash,
          secretStore,
          abi: confidentialErc20Abi,
          functionName: step.functionName,
          pollingInterval: 100,
        })
        const requestBlock = (await publicClient.getTransactionReceipt({ hash })).blockNumber
        return { step, result, latencyBlocks: (await commitBlock(devnet, result.commitId)) - requestBlock }
      }),
    )
    // The public reference replays the same calls in the MC's order.
    results.sort((x, y) => (x.result.seq < y.result.seq ? -1 : 1))
    for (const { step, result, latencyBlocks } of results) {
      const reference = await runReference(
        publicClient,
        walletOf(step.from),
        referenceCall(publicToken, step),
      )
      const outcome = compare(step, result, reference, latencyBlocks)
      outcomes.push(outcome)
      const who = names.get(step.from)
      print(
        `  seq ${String(result.seq).padStart(3)}  ${who?.padEnd(5)} ${step.functionName.padEnd(9)} ${step.label.padEnd(52)} → ` +
          `${formatValue(outcome.confidential)}  (public: ${formatValue(outcome.public)})  ` +
          `${latencyBlocks} block${latencyBlocks === 1n ? '' : 's'}  ${outcome.matched ? 'match' : 'MISMATCH'}`,
      )
    }
  }
  return { program: deployed.program, publicToken, outcomes, amounts }
}

/** A demo step as a call on the public token. */
export function referenceCall(token: Address, step: DemoStep): ReferenceCall {
  return {
    abi: confidentialErc20Abi,
    address: token,
    functionName: step.functionName,
    args: step.args,
    kind: step.functionName === 'balanceOf' ? 'view' : 'transaction',
    gas: TRANSFER_GAS,
  }
}

function compare(
  step: DemoStep,
  result: Pick<WaitForResultReturnType, 'status' | 'seq' | 'gasUsed'> & { decoded?: unknown },
  reference: Reference,
  latencyBlocks: bigint,
): DemoOutcome {
  return {
    label: step.label,
    seq: result.seq,
    confidential: { status: result.status, value: result.decoded, gasUsed: result.gasUsed },
    public: reference,
    latencyBlocks,
    matched: compareWithReference(result, reference).length === 0,
  }
}

function formatValue(r: { status: string; value: unknown; gasUsed: bigint | null }): string {
  const gas = r.gasUsed === null ? '' : ` gas ${r.gasUsed}`
  return r.status === 'success' ? `${String(r.value)}${gas}` : `${r.status}${gas}`
}

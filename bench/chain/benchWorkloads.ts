/**
 * The workloads `npm run bench` measures (D9, issue 7): each is a devnet workload of
 * `devnet/workloads` (deployments and the steps that bring it to the measured state, run on
 * both sides) plus the ONE call whose gas and latency are measured, repeated many times. The
 * measured call's arguments take the repetition's index, because some calls cannot repeat
 * verbatim (a bid must exceed the bidder's last one). K-Means is a JS program: deployed
 * confidentially only, its public gas is null (its native run is `kmeans.nativeMs`).
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import type { SideContext, Workload } from '@racetee/devnet'
import { allWorkloads } from '@racetee/devnet'
import type { Abi, Address } from 'viem'
import { KMEANS_ARGS } from '../kmeans/kmeansTiming.js'
import type { BenchWorkloadKey } from './benchWorkloadKeys.js'

export type MeasuredCall = {
  label: string
  from: Address
  target: string | ((ctx: SideContext) => Address)
  abi: Abi
  functionName: string
  /** Arguments of repetition `i` (0-based, counted across the bench's repetitions of this call). */
  args: (ctx: SideContext, i: number) => readonly unknown[]
  /** Enclave gas limit of each confidential request, and the public transaction's gas limit. */
  gas: bigint
}

export type BenchWorkload = {
  /** What `--only` selects. */
  key: BenchWorkloadKey
  name: string
  /** Deployments and the steps before the measured call, run on both sides. */
  setup: Workload
  /** A JS program deployed confidentially from source (no public twin: `public.gasPerCall` null). */
  jsSource?: { name: string; source: string }
  call: MeasuredCall
}

export function benchWorkloads(
  users: readonly [Address, Address, Address],
  kmeansSource: string,
): BenchWorkload[] {
  const [alice, bob] = users
  const devnet = allWorkloads(users)
  /** A devnet workload cut just before the step whose label starts with `label`. */
  const cut = (prefix: string, label: string) => {
    const workload = devnet.find((w) => w.name.startsWith(prefix))
    const index = workload?.steps.findIndex((s) => s.label.startsWith(label)) ?? -1
    if (!workload || index < 0) throw new TypeError(`devnet workload ${prefix} has no step ${label}`)
    return { workload: { ...workload, steps: workload.steps.slice(0, index) }, step: workload.steps[index]! }
  }
  /** The measured call is the devnet step itself, with its own arguments every time. */
  const asMeasured = (prefix: string, label: string) => {
    const { workload, step } = cut(prefix, label)
    const call: MeasuredCall = {
      label: step.label,
      from: step.from,
      target: step.target,
      abi: step.abi,
      functionName: step.functionName,
      args: (ctx) => step.args?.(ctx) ?? [],
      gas: step.gas ?? 1_000_000n,
    }
    return { setup: workload, call }
  }
  const erc20 = confidentialErc20Artifact.abi
  const auction = cut('Second-price', 'bob bidOf')

  return [
    {
      key: 'erc20',
      name: 'ConfidentialERC20 transfer to an existing holder',
      setup: {
        name: 'ConfidentialERC20',
        deployments: [
          {
            name: 'token',
            artifact: confidentialErc20Artifact,
            from: alice,
            args: () => ['Token', 'TOK', 10n ** 30n],
          },
        ],
        steps: [
          // Bob holds tokens before the measured transfers: D9's baseline is a transfer to an existing holder.
          {
            label: 'transfer(bob, 1000)',
            from: alice,
            target: 'token',
            abi: erc20,
            functionName: 'transfer',
            args: () => [bob, 1_000n],
          },
        ],
      },
      call: {
        label: 'transfer(bob, i + 1)',
        from: alice,
        target: 'token',
        abi: erc20,
        functionName: 'transfer',
        args: (_c, i) => [bob, BigInt(i + 1)],
        gas: 200_000n,
      },
    },
    {
      key: 'dex',
      name: 'DEX swap (0.3 % constant product, two confidential tokens)',
      ...asMeasured('DEX', 'swap('),
    },
    {
      key: 'auction',
      name: 'Sealed-bid auction: a bidder raises its bid',
      setup: auction.workload,
      // Bids only grow: repetition i bids 7,001 + i, above every earlier bid.
      call: {
        label: 'alice bid(7001 + i)',
        from: alice,
        target: 'auction',
        abi: auction.step.abi,
        functionName: 'bid',
        args: (_c, i) => [7_001n + BigInt(i)],
        gas: 1_000_000n,
      },
    },
    { key: 'factory', name: 'Pair created by a factory: swap', ...asMeasured('Pair factory', 'pair.swap') },
    {
      key: 'quickselect',
      name: 'QuickSelect select(1000) of 2,048 values in state',
      ...asMeasured('QuickSelect', 'select('),
    },
    { key: 'cal', name: 'cal(100000), an alternating sum', ...asMeasured('cal(', 'cal(') },
    {
      key: 'intercontract',
      name: 'Inter-contract: Adder.add calls Multiplier.multiply',
      ...asMeasured('Inter-contract', 'add(20'),
    },
    {
      key: 'kmeans',
      name: 'K-Means (JS program; 1,000 points, 5 dims, k = 10, 100 iterations)',
      setup: { name: 'K-Means', deployments: [], steps: [] },
      jsSource: { name: 'kmeans', source: kmeansSource },
      call: {
        label: 'kmeans(42, 1000, 5, 10, 100)',
        from: alice,
        target: 'kmeans',
        abi: kmeansAbi,
        functionName: 'kmeans',
        args: () => [...KMEANS_ARGS],
        gas: 16_000_000n,
      },
    },
  ]
}

const kmeansAbi = [
  {
    type: 'function',
    name: 'kmeans',
    stateMutability: 'pure',
    inputs: ['seed', 'points', 'dims', 'k', 'iterations'].map((name) => ({ name, type: 'uint32' })),
    outputs: [
      { name: 'centroids', type: 'int256[]' },
      { name: 'sizes', type: 'uint256[]' },
    ],
  },
] as const satisfies Abi

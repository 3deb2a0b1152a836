/**
 * D9's computation workloads as confidential Solidity: the inter-contract pair (`Adder.add`
 * calls `Multiplier.multiply`), QuickSelect of the 1,000th of 2,048 values held in state (loaded
 * by earlier requests, so the measured call is `select(k)` alone), and `cal(100000)`.
 */
import { adderArtifact, calArtifact, multiplierArtifact, quickSelectArtifact } from '@racetee/contracts'
import { quickSelectValues } from '@racetee/contracts/workloads'
import type { Address } from 'viem'
import type { Workload } from './runWorkload.js'

export function addMultiplyWorkload(user: Address): Workload {
  return {
    name: 'Inter-contract pair: Adder.add → Multiplier.multiply',
    deployments: [
      { name: 'multiplier', artifact: multiplierArtifact, from: user },
      { name: 'adder', artifact: adderArtifact, from: user, args: (c) => [c.address('multiplier'), 7n] },
    ],
    steps: [
      {
        label: 'add(20, 22)',
        from: user,
        target: 'adder',
        abi: adderArtifact.abi,
        functionName: 'add',
        args: () => [20n, 22n],
      },
      {
        label: 'add(1, 2)',
        from: user,
        target: 'adder',
        abi: adderArtifact.abi,
        functionName: 'add',
        args: () => [1n, 2n],
      },
    ],
  }
}

export function quickSelectWorkload(user: Address): Workload {
  const values = quickSelectValues(2_048)
  const chunks = [0, 1, 2, 3].map((i) => values.slice(i * 512, (i + 1) * 512))
  const abi = quickSelectArtifact.abi
  return {
    name: 'QuickSelect: the 1,000th of 2,048 values held in state',
    deployments: [{ name: 'quickSelect', artifact: quickSelectArtifact, from: user }],
    steps: [
      ...chunks.map((chunk, i) => ({
        label: `load(values[${i * 512}..${(i + 1) * 512 - 1}])`,
        from: user,
        target: 'quickSelect',
        abi,
        functionName: 'load',
        args: () => [chunk],
        gas: 16_000_000n,
      })),
      {
        label: 'select(1000)',
        from: user,
        target: 'quickSelect',
        abi,
        functionName: 'select',
        args: () => [1_000n],
        kind: 'view' as const,
        gas: 16_000_000n,
      },
    ],
  }
}

export function calWorkload(user: Address): Workload {
  return {
    name: 'cal(100000): an alternating sum',
    deployments: [{ name: 'cal', artifact: calArtifact, from: user }],
    steps: [
      {
        label: 'cal(100000)',
        from: user,
        target: 'cal',
        abi: calArtifact.abi,
        functionName: 'cal',
        args: () => [100_000n],
        kind: 'view',
        gas: 16_000_000n,
      },
    ],
  }
}

/**
 * latest.json's schema and its builder (issue 7, D9): the raw measurements of one bench run in,
 * the document out. Per workload: `public.gasPerCall` (null for K-Means, a JS program with no
 * public twin), `confidential.userGasPerCall` (the request transaction),
 * `confidential.commitGasPerCall` (a commit's gas over the requests it carried) and the latency
 * percentiles; at the top level the enclave's ERC20 throughput, the read latency, the K-Means timings, the
 * machine, and the targets judged by `evaluateTargets`.
 */
import { type BenchTarget, evaluateTargets } from './benchTargets.js'
import type { MachineInfo } from './machineInfo.js'
import { p50p95 } from './percentile.js'

export type LatencyFigures = { p50: number; p95: number }

export type WorkloadResult = {
  name: string
  public: { gasPerCall: number | null }
  confidential: {
    userGasPerCall: number
    commitGasPerCall: number
    latencyBlocks: LatencyFigures | null
    latencyMs: LatencyFigures | null
  }
}

/** How the run measured, so a reader can tell a quick smoke run from a full one. */
export type BenchSetup = {
  quick: boolean
  blockTimeSeconds: number
  confirmationDepth: number
  /** Requests sent in one block for the commit-share figure. */
  requestsPerBlock: number
  /** Requests timed per workload for latency (ERC20 gets more). */
  latencySamples: { erc20: number; other: number }
  /** Confidential reads timed after the ERC20 workload (`reads.latencyMs`). */
  readSamples: number
  /** Transfers in the timed enclave batch. */
  enclaveBatch: number
  publicGasMethod: string
}

export type BenchResults = {
  generatedAt: string
  setup: BenchSetup
  workloads: WorkloadResult[]
  engine: { erc20PerSecond: number | null }
  /** A confidential read without a transaction (D7), from the call to the opened answer. */
  reads: { latencyMs: LatencyFigures | null }
  /** Medians of process CPU time (see kmeansTiming); wall-time medians beside them. */
  kmeans: {
    sandboxMs: number | null
    nativeMs: number | null
    sandboxWallMs: number | null
    nativeWallMs: number | null
  }
  machine: MachineInfo
  targets: BenchTarget[]
}

/** What one workload's chain phase measured; samples are raw, percentiles are taken here. */
export type WorkloadMeasurement = {
  key: string
  name: string
  publicGasPerCall: number | null
  userGasPerCall: number
  commitGasPerCall: number
  latencyBlocks: readonly number[]
  latencyMs: readonly number[]
}

export type BuildResultsParameters = {
  generatedAt: Date
  setup: BenchSetup
  workloads: readonly WorkloadMeasurement[]
  erc20PerSecond: number | null
  /** Milliseconds of each timed read; null when the ERC20 workload did not run. */
  readsMs: readonly number[] | null
  kmeans: { sandboxMs: number; nativeMs: number; sandboxWallMs: number; nativeWallMs: number } | null
  machine: MachineInfo
}

export function buildResults(parameters: BuildResultsParameters): BenchResults {
  const { workloads, kmeans } = parameters
  const figures = (key: string) => {
    const w = workloads.find((m) => m.key === key)
    return w
      ? {
          publicGas: w.publicGasPerCall === null ? null : Math.round(w.publicGasPerCall),
          userGas: Math.round(w.userGasPerCall),
          commitGas: Math.round(w.commitGasPerCall),
        }
      : null
  }
  const erc20 = workloads.find((m) => m.key === 'erc20')
  return {
    generatedAt: parameters.generatedAt.toISOString(),
    setup: parameters.setup,
    workloads: workloads.map((w) => ({
      name: w.name,
      public: { gasPerCall: w.publicGasPerCall === null ? null : Math.round(w.publicGasPerCall) },
      confidential: {
        userGasPerCall: Math.round(w.userGasPerCall),
        commitGasPerCall: Math.round(w.commitGasPerCall),
        latencyBlocks: w.latencyBlocks.length > 0 ? p50p95(w.latencyBlocks) : null,
        latencyMs: w.latencyMs.length > 0 ? roundFigures(p50p95(w.latencyMs)) : null,
      },
    })),
    engine: {
      erc20PerSecond: parameters.erc20PerSecond === null ? null : Math.round(parameters.erc20PerSecond),
    },
    reads: {
      latencyMs:
        parameters.readsMs && parameters.readsMs.length > 0 ? roundFigures(p50p95(parameters.readsMs)) : null,
    },
    kmeans: {
      sandboxMs: kmeans ? Math.round(kmeans.sandboxMs) : null,
      nativeMs: kmeans ? Math.round(kmeans.nativeMs * 10) / 10 : null,
      sandboxWallMs: kmeans ? Math.round(kmeans.sandboxWallMs) : null,
      nativeWallMs: kmeans ? Math.round(kmeans.nativeWallMs * 10) / 10 : null,
    },
    machine: parameters.machine,
    targets: evaluateTargets({
      erc20: erc20 ? { ...figures('erc20')!, perBlock: parameters.setup.requestsPerBlock } : null,
      quickSelect: figures('quickselect'),
      cal: figures('cal'),
      erc20LatencyBlocks: erc20 && erc20.latencyBlocks.length > 0 ? p50p95(erc20.latencyBlocks) : null,
      erc20PerSecond: parameters.erc20PerSecond,
      kmeans,
    }),
  }
}

function roundFigures(f: LatencyFigures): LatencyFigures {
  return { p50: Math.round(f.p50), p95: Math.round(f.p95) }
}

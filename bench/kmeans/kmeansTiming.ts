/**
 * `kmeans.sandboxMs` and `kmeans.nativeMs` (issue 7, D9): the same K-Means source
 * (`examples/js/kmeans.js`: 1,000 points, 5 dimensions, k = 10, 100 iterations) run in the
 * QuickJS sandbox the engine uses, as a call to a JS program on an `EvmEngine` (D5), and in
 * plain Node, imported as an ES module. Both results must be identical (the program is
 * deterministic by construction), or the timing is refused.
 *
 * Fairness: both sides are warm before timing starts (the sandbox runs once untimed: module
 * instantiation, WebAssembly tier-up; Node runs `NATIVE_WARMUP` times untimed, so V8 has
 * optimised the loops, as a long-running Node process would have); timed runs alternate which
 * side goes first, so load and cache effects fall on both; each figure is the median of at
 * least `MIN_RUNS` runs. The figures are the process's CPU time (`processCpuMs`):
 * on a shared machine a 500 ms sandbox run is preempted many times where a 12 ms native run
 * mostly is not, so under load the ratio of wall times grew several-fold (measured here: one
 * bench run gave 144x by wall time while the profile, by CPU time, gave about 40x that hour).
 * Wall-time medians are returned beside them.
 */
import { readFileSync } from 'node:fs'
import { EvmEngine, jsProgramCode, type ProgramLoader } from '@racetee/engine'
import { errorCodes, RaceteeError, resultStatus } from '@racetee/protocol'
import { type Abi, bytesToHex, decodeFunctionResult, encodeFunctionData, getAddress, hexToBytes } from 'viem'
import { percentile } from '../percentile.js'
import { processCpuMs } from './processCpuMs.js'

export const kmeansSourceUrl = new URL('../../examples/js/kmeans.js', import.meta.url)
/** seed, points, dims, k, iterations: D9's K-Means. */
export const KMEANS_ARGS = [42, 1_000, 5, 10, 100] as const
/** Fewest timed runs per side: the median of fewer swings with one slow run (GC, load). */
export const MIN_RUNS = 5
/** Untimed native runs first: V8 optimises `kmeans` only after it has run a while. */
const NATIVE_WARMUP = 5

const program = getAddress('0x00000000000000000000000000000000000c4ea5')
const caller = getAddress('0x00000000000000000000000000000000000a11ce')

type KmeansModule = { abi: Abi; kmeans(...args: number[]): [bigint[], bigint[]] }

export type KmeansTimingReturnType = {
  /** CPU time, median (what `latest.json` reports as `kmeans.sandboxMs`). */
  sandboxMs: number
  /** CPU time, median (`kmeans.nativeMs`). */
  nativeMs: number
  /** Wall-time medians of the same runs, for comparison. */
  sandboxWallMs: number
  nativeWallMs: number
  gasUsed: bigint
}

/**
 * An `EvmEngine` with `source` deployed as a JS program, and a function that calls its
 * `kmeans` with D9's arguments as one request (a new block each time), checking success.
 */
export async function kmeansEngineRunner(
  source: string,
  abi: Abi,
): Promise<() => Promise<{ value: unknown; gasUsed: bigint }>> {
  // The engine's loader: one JS program, deployed, with no storage (K-Means keeps no state).
  const code = jsProgramCode(source)
  const loader: ProgramLoader = {
    isProgram: async (address) => address.toLowerCase() === program.toLowerCase(),
    loadAccount: async (address) =>
      address.toLowerCase() === program.toLowerCase() ? { nonce: 1n, code } : null,
    loadPage: async () => new Map(),
  }
  const engine = await EvmEngine.create(
    { chainId: 31337n, coinbase: caller, maxProgramsPerRequest: 8, maxCreatesPerRequest: 4 },
    loader,
  )
  const data = hexToBytes(encodeFunctionData({ abi, functionName: 'kmeans', args: [...KMEANS_ARGS] }))
  let n = 0n
  return async () => {
    n += 1n
    const outcome = await engine.execute({
      kind: 'call',
      caller,
      to: program,
      data,
      gasLimit: 16_000_000n,
      block: {
        number: n,
        timestamp: 1_700_000_000n + n,
        parentHash: `0x${'00'.repeat(32)}`,
        prevrandao: `0x${'11'.repeat(32)}`,
      },
      writeTag: `0x${n.toString(16).padStart(64, '0')}`,
    })
    if (outcome.status !== resultStatus.success)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'K-Means did not succeed in the sandbox.', {
        details: `status ${outcome.status}`,
      })
    return {
      value: decodeFunctionResult({ abi, functionName: 'kmeans', data: bytesToHex(outcome.returnData) }),
      gasUsed: outcome.gasUsed,
    }
  }
}

/** Medians of `max(runs, MIN_RUNS)` alternating timed runs per side, both sides warm (CPU time). */
export async function kmeansTiming(parameters: { runs: number }): Promise<KmeansTimingReturnType> {
  const { runs } = parameters
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('runs must be a positive integer')
  const source = readFileSync(kmeansSourceUrl, 'utf8')
  const native = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as KmeansModule
  const sandboxRun = await kmeansEngineRunner(source, native.abi)

  const expected = native.kmeans(...KMEANS_ARGS)
  const first = await sandboxRun()
  if (stringify(first.value) !== stringify(expected))
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'K-Means in the sandbox differs from plain Node.', {
      details: 'centroids or cluster sizes differ',
    })
  for (let i = 0; i < NATIVE_WARMUP; i++) native.kmeans(...KMEANS_ARGS)
  const sandbox = { cpu: [] as number[], wall: [] as number[] }
  const plain = { cpu: [] as number[], wall: [] as number[] }
  const time = async (into: typeof sandbox, run: () => unknown) => {
    const wall = performance.now()
    const used = processCpuMs()
    await run()
    into.cpu.push(processCpuMs() - used)
    into.wall.push(performance.now() - wall)
  }
  const nativeRun = () => native.kmeans(...KMEANS_ARGS)
  for (let i = 0; i < Math.max(runs, MIN_RUNS); i++) {
    if (i % 2 === 0) {
      await time(sandbox, sandboxRun)
      await time(plain, nativeRun)
    } else {
      await time(plain, nativeRun)
      await time(sandbox, sandboxRun)
    }
  }
  return {
    sandboxMs: percentile(sandbox.cpu, 50),
    nativeMs: percentile(plain.cpu, 50),
    sandboxWallMs: percentile(sandbox.wall, 50),
    nativeWallMs: percentile(plain.wall, 50),
    gasUsed: first.gasUsed,
  }
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
}

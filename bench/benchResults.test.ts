import { describe, expect, it } from 'vitest'
import { type BuildResultsParameters, buildResults, type WorkloadMeasurement } from './benchResults.js'

const setup = {
  quick: false,
  blockTimeSeconds: 1,
  confirmationDepth: 0,
  requestsPerBlock: 50,
  latencySamples: { erc20: 40, other: 10 },
  readSamples: 40,
  enclaveBatch: 500,
  publicGasMethod: 'receipt gasUsed',
}
const machine = { cpu: 'Test CPU', cores: 2, node: 'v20.0.0' }
const workload = (key: string, over: Partial<WorkloadMeasurement> = {}): WorkloadMeasurement => ({
  key,
  name: key,
  publicGasPerCall: 40_000,
  userGasPerCall: 50_000,
  commitGasPerCall: 3_000,
  latencyBlocks: [1, 1, 1, 2],
  latencyMs: [1500.4, 1200.6, 900, 2100],
  ...over,
})
const parameters = (over: Partial<BuildResultsParameters> = {}): BuildResultsParameters => ({
  generatedAt: new Date('2026-01-01T00:00:00Z'),
  setup,
  workloads: [
    workload('erc20', { publicGasPerCall: 40_000, userGasPerCall: 55_000.4, commitGasPerCall: 2_999.6 }),
    workload('quickselect', { publicGasPerCall: 2_000_000, userGasPerCall: 60_000, commitGasPerCall: 4_000 }),
    workload('cal', { publicGasPerCall: 1_000_000, userGasPerCall: 60_000, commitGasPerCall: 4_000 }),
    workload('kmeans', { publicGasPerCall: null, latencyBlocks: [], latencyMs: [] }),
  ],
  erc20PerSecond: 1_234.5,
  readsMs: [80.4, 90, 100.6, 250],
  kmeans: { sandboxMs: 900, nativeMs: 50, sandboxWallMs: 1_000, nativeWallMs: 55 },
  machine,
  ...over,
})

describe('buildResults', () => {
  it('builds latest.json with the fields issue 7 lists, per workload and at the top level', () => {
    const results = buildResults(parameters())
    expect(Object.keys(results).sort()).toEqual(
      ['engine', 'generatedAt', 'kmeans', 'machine', 'reads', 'setup', 'targets', 'workloads'].sort(),
    )
    expect(results.workloads[0]).toEqual({
      name: 'erc20',
      public: { gasPerCall: 40_000 },
      confidential: {
        userGasPerCall: 55_000,
        commitGasPerCall: 3_000,
        latencyBlocks: { p50: 1, p95: 2 },
        latencyMs: { p50: 1201, p95: 2100 },
      },
    })
    expect(results.workloads[3]?.public.gasPerCall).toBeNull()
    expect(results.workloads[3]?.confidential.latencyBlocks).toBeNull()
    expect(results.engine).toEqual({ erc20PerSecond: 1_235 })
    expect(results.reads).toEqual({ latencyMs: { p50: 90, p95: 250 } })
    expect(results.kmeans).toEqual({ sandboxMs: 900, nativeMs: 50, sandboxWallMs: 1_000, nativeWallMs: 55 })
    expect(results.machine).toEqual(machine)
    expect(results.generatedAt).toBe('2026-01-01T00:00:00.000Z')
    for (const target of results.targets)
      expect(Object.keys(target).sort()).toEqual([
        'comparison',
        'id',
        'measured',
        'met',
        'name',
        'note',
        'target',
        'unit',
      ])
    expect(JSON.parse(JSON.stringify(results))).toEqual(results)
  })

  it('behavior: each target is judged in its direction, and a miss says by how much', () => {
    const byName = (prefix: string) =>
      buildResults(parameters()).targets.find((t) => t.name.startsWith(prefix))!
    // (55,000 + 3,000) / 40,000 = 1.45 <= 1.5
    expect(byName('ConfidentialERC20')).toMatchObject({ measured: 1.45, target: 1.5, met: true })
    // 2,000,000 / 64,000 = 31.25 >= 20
    expect(byName('QuickSelect')).toMatchObject({ measured: 31.3, met: true })
    // 1,000,000 / 64,000 = 15.6 < 20
    const cal = byName('cal(')
    expect(cal).toMatchObject({ measured: 15.6, target: 20, met: false })
    expect(cal.note).toMatch(/^missed: 1\.28x under the target/)
    expect(byName('Latency p50')).toMatchObject({ measured: 1, met: true })
    expect(byName('Latency p95')).toMatchObject({ measured: 2, met: true })
    expect(byName('Enclave')).toMatchObject({ measured: 1_235, target: 2_000, met: false })
    expect(byName('K-Means')).toMatchObject({ measured: 18, target: 20, met: true })
  })

  it('behavior: what an --only run did not measure is null and not met, with a note saying so', () => {
    const results = buildResults(
      parameters({ workloads: [workload('cal')], erc20PerSecond: null, kmeans: null }),
    )
    expect(results.engine.erc20PerSecond).toBeNull()
    expect(results.kmeans).toEqual({
      sandboxMs: null,
      nativeMs: null,
      sandboxWallMs: null,
      nativeWallMs: null,
    })
    const erc20 = results.targets.find((t) => t.name.startsWith('ConfidentialERC20'))!
    expect(erc20).toMatchObject({ measured: null, met: false })
    expect(erc20.note).toMatch(/^not measured in this run/)
    expect(results.targets.filter((t) => t.measured !== null).map((t) => t.name)).toEqual([
      'cal(100000): public gas / confidential total gas',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { benchCharts, benchReport, benchTable } from './benchReport.js'
import { buildResults } from './benchResults.js'

const results = buildResults({
  generatedAt: new Date('2026-01-01T00:00:00Z'),
  setup: {
    quick: true,
    blockTimeSeconds: 1,
    confirmationDepth: 0,
    requestsPerBlock: 10,
    latencySamples: { erc20: 8, other: 2 },
    readSamples: 5,
    enclaveBatch: 100,
    publicGasMethod: 'receipts',
  },
  workloads: [
    {
      key: 'erc20',
      name: 'ConfidentialERC20 transfer',
      publicGasPerCall: 34_453,
      userGasPerCall: 52_740,
      commitGasPerCall: 9_318,
      latencyBlocks: [1, 1, 2],
      latencyMs: [1_200, 1_300, 2_100],
    },
    {
      key: 'kmeans',
      name: 'K-Means',
      publicGasPerCall: null,
      userGasPerCall: 60_000,
      commitGasPerCall: 9_000,
      latencyBlocks: [],
      latencyMs: [],
    },
  ],
  erc20PerSecond: 312,
  readsMs: [80, 90, 100, 250],
  kmeans: { sandboxMs: 519, nativeMs: 13, sandboxWallMs: 600, nativeWallMs: 14 },
  machine: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0' },
})

describe('benchReport', () => {
  it('renders the table, links every chart, and lists every target with measured vs goal', () => {
    const charts = benchCharts(results)
    expect(charts.map((c) => c.file)).toEqual(['gas.svg', 'latency.svg', 'kmeans.svg'])
    const md = benchReport(results, charts)
    expect(md).toContain(
      '| ConfidentialERC20 transfer | 34,453 | 52,740 | 9,318 | 62,058 | 1.801x | 1 / 2 | 1,300 / 2,100 |',
    )
    expect(md).toContain('| K-Means | n/a | 60,000 | 9,000 | 69,000 | n/a | n/a | n/a |')
    for (const chart of charts) expect(md).toContain(`](${chart.file})`)
    expect(md).toContain('**Quick run (smoke test)')
    expect(md).toContain(
      '| Enclave: confidential ERC20 transfers per second on one core | 312 transfers/s | ≥ 2000 transfers/s | **no** | missed: 6.41x under the target',
    )
    expect(md.match(/^\| .* \| (yes|\*\*no\*\*) \|/gm)).toHaveLength(results.targets.length)
  })

  it('behavior: each measured miss gets by how much, why and what would close it; unmeasured targets none', () => {
    const md = benchReport(results, benchCharts(results))
    const section = md.slice(md.indexOf('## Why a target missed'))
    expect(section).toContain('### K-Means: JS sandbox time / plain Node time')
    expect(section).toContain('- By how much: missed: 1.99x over the target (sandbox 519 ms vs Node 13.0 ms)')
    expect(section).toContain('- Why: The interpreter, not the engine')
    expect(section).toContain('- What would close it: Under 10x needs a JIT')
    // QuickSelect did not run in this result set: no explanation for what was not measured.
    expect(section).not.toContain('### QuickSelect')
    // The latency target was met.
    expect(section).not.toContain('### Latency')
  })

  it('behavior: the console table aligns its columns and names each target MET or MISSED', () => {
    const table = benchTable(results)
    const [header, rule, first] = table.split('\n')
    expect(header!.length).toBe(rule!.length)
    expect(first!.length).toBe(rule!.length)
    expect(table).toContain('MET    Latency p50 (blocks): 1')
    expect(table).toContain('MISSED K-Means: JS sandbox time / plain Node time: 39.9')
  })

  it('behavior: a run without latency or K-Means timing draws only the charts it has data for', () => {
    const partial = {
      ...results,
      workloads: [],
      kmeans: { sandboxMs: null, nativeMs: null, sandboxWallMs: null, nativeWallMs: null },
    }
    expect(benchCharts(partial)).toEqual([])
  })
})

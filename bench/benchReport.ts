/**
 * The human side of a bench run (issue 7): the console table, the SVG charts and report.md,
 * all from the latest.json document alone, so a report can be rebuilt from committed results.
 * Targets are shown measured vs target and, when missed, by how much; why a target missed and
 * what would close it is the lead's analysis, left to a marked section.
 */
import type { BenchResults, WorkloadResult } from './benchResults.js'
import { missedTargetNotes } from './missedTargetNotes.js'
import { formatValue, svgBarChart } from './svgBarChart.js'

export type BenchChart = { file: string; title: string; svg: string }

/** Confidential gas of one call: the request plus its share of the commit. */
export function confidentialTotal(w: WorkloadResult): number {
  return w.confidential.userGasPerCall + w.confidential.commitGasPerCall
}

export function benchCharts(results: BenchResults): BenchChart[] {
  const charts: BenchChart[] = []
  if (results.workloads.length > 0) {
    const title = 'Gas per call: public contract vs RaceTEE (request + commit share)'
    charts.push({
      file: 'gas.svg',
      title,
      svg: svgBarChart({
        title,
        unit: 'gas',
        series: ['public', 'confidential'],
        groups: results.workloads.map((w) => ({
          label: short(w.name),
          values: [w.public.gasPerCall, confidentialTotal(w)],
        })),
        scale: 'log',
      }),
    })
  }
  const timed = results.workloads.filter((w) => w.confidential.latencyMs !== null)
  if (timed.length > 0) {
    const title = `Latency, send to decrypted result (${results.setup.blockTimeSeconds}-second blocks)`
    charts.push({
      file: 'latency.svg',
      title,
      svg: svgBarChart({
        title,
        unit: 'ms',
        series: ['p50', 'p95'],
        groups: timed.map((w) => ({
          label: short(w.name),
          values: [w.confidential.latencyMs!.p50, w.confidential.latencyMs!.p95],
        })),
      }),
    })
  }
  const { sandboxMs, nativeMs } = results.kmeans
  if (sandboxMs !== null && nativeMs !== null) {
    const title = 'K-Means (1,000 points, 5 dims, k = 10, 100 iterations)'
    charts.push({
      file: 'kmeans.svg',
      title,
      svg: svgBarChart({
        title,
        unit: 'ms',
        series: ['time'],
        groups: [
          { label: 'QuickJS sandbox (engine)', values: [sandboxMs] },
          { label: 'plain Node', values: [nativeMs] },
        ],
        scale: 'log',
      }),
    })
  }
  return charts
}

const columns = [
  'workload',
  'public gas',
  'user gas',
  'commit gas',
  'confidential total',
  'vs public',
  'latency blocks p50/p95',
  'latency ms p50/p95',
] as const

function rows(results: BenchResults): string[][] {
  return results.workloads.map((w) => {
    const total = confidentialTotal(w)
    const { latencyBlocks: b, latencyMs: ms } = w.confidential
    return [
      w.name,
      w.public.gasPerCall === null ? 'n/a' : formatValue(Math.round(w.public.gasPerCall)),
      formatValue(w.confidential.userGasPerCall),
      formatValue(w.confidential.commitGasPerCall),
      formatValue(total),
      w.public.gasPerCall === null ? 'n/a' : `${(total / w.public.gasPerCall).toFixed(3)}x`,
      b ? `${b.p50} / ${b.p95}` : 'n/a',
      ms ? `${formatValue(ms.p50)} / ${formatValue(ms.p95)}` : 'n/a',
    ]
  })
}

/** The console table: padded columns, numbers right-aligned. */
export function benchTable(results: BenchResults): string {
  const table = [[...columns], ...rows(results)]
  const widths = columns.map((_, c) => Math.max(...table.map((r) => r[c]!.length)))
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  const lines = [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)]
  lines.push(
    '',
    `enclave: ${results.engine.erc20PerSecond ?? 'n/a'} confidential ERC20 transfers/s (one enclave, no chain)`,
  )
  lines.push(`reads: ${readLine(results)}`)
  lines.push(
    `K-Means (CPU time, medians): sandbox ${results.kmeans.sandboxMs ?? 'n/a'} ms, plain Node ${results.kmeans.nativeMs ?? 'n/a'} ms (wall: ${results.kmeans.sandboxWallMs ?? 'n/a'} ms, ${results.kmeans.nativeWallMs ?? 'n/a'} ms)`,
  )
  lines.push('', 'targets:')
  for (const t of results.targets)
    lines.push(
      `  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.measured ?? 'n/a'} (target ${t.comparison === 'atMost' ? '<=' : '>='} ${t.target}) ${t.note}`,
    )
  return lines.join('\n')
}

export function benchReport(results: BenchResults, charts: readonly BenchChart[]): string {
  const { setup, machine } = results
  const md: string[] = [
    '# RaceTEE benchmark: confidential vs public (D9, issue 7)',
    '',
    `Generated ${results.generatedAt} by \`npm run bench${setup.quick ? ' -- --quick' : ''}\` on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}.`,
    `${setup.quick ? '**Quick run (smoke test): few repetitions, figures indicative only.** ' : ''}` +
      `One devnet (anvil at osaka, 1 storage node, 1 executor under SIMULATION), ${setup.blockTimeSeconds}-second blocks, confirmation depth ${setup.confirmationDepth}. ` +
      `Commit share: ${setup.requestsPerBlock} requests in one block. Latency: ${setup.latencySamples.erc20} ERC20 transfers, ${setup.latencySamples.other} calls of each other workload, one sent every 0.5 s (ERC20) or 1 s, or every twice the executor's time per request in the burst when longer. ` +
      `Enclave: a batch of ${setup.enclaveBatch} transfers. Public gas: ${setup.publicGasMethod}.`,
    '',
    '## Results',
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows(results).map((r) => `| ${r.join(' | ')} |`),
    '',
    `- Enclave throughput: **${results.engine.erc20PerSecond ?? 'n/a'}** confidential ERC20 transfers/s through one enclave (open envelope, execute, seal, build the commit; no chain).`,
    `- Confidential reads without a transaction (${setup.readSamples} reads of \`balanceOf\`, D7): ${readLine(results)}.`,
    `- K-Means: **${results.kmeans.sandboxMs ?? 'n/a'} ms** in the QuickJS sandbox, **${results.kmeans.nativeMs ?? 'n/a'} ms** in plain Node (medians of process CPU time, both sides warm, runs alternating; wall-time medians ${results.kmeans.sandboxWallMs ?? 'n/a'} ms and ${results.kmeans.nativeWallMs ?? 'n/a'} ms).`,
    '',
    ...charts.flatMap((c) => [`![${c.title}](${c.file})`, '']),
    '## Targets',
    '',
    '| target | measured | goal | met | note |',
    '| --- | ---: | ---: | :---: | --- |',
    ...results.targets.map(
      (t) =>
        `| ${t.name} | ${t.measured ?? 'n/a'} ${t.measured === null ? '' : t.unit} | ${t.comparison === 'atMost' ? '≤' : '≥'} ${t.target} ${t.unit} | ${t.met ? 'yes' : '**no**'} | ${t.note} |`,
    ),
    '',
    '## Why a target missed, and what would close it',
    '',
    ...missedSection(results),
  ]
  return md.join('\n')
}

/** Each target this run measured and missed: by how much (the run's note), why, and what would close it. */
function missedSection(results: BenchResults): string[] {
  const missed = results.targets.filter((t) => t.measured !== null && !t.met)
  if (missed.length === 0) return ['Every target this run measured was met.', '']
  return missed.flatMap((t) => {
    const note = missedTargetNotes[t.id]
    return [
      `### ${t.name}`,
      '',
      `- By how much: ${t.note}.`,
      `- Why: ${note.why}`,
      `- What would close it: ${note.close}`,
      '',
    ]
  })
}

/** Read latency percentiles, from the call to the verified, opened answer. */
function readLine(results: BenchResults): string {
  const ms = results.reads.latencyMs
  return ms ? `p50 ${ms.p50} ms, p95 ${ms.p95} ms (executor on the devnet)` : 'n/a'
}

/** A workload name short enough for a chart's label column. */
function short(name: string): string {
  return name.length > 44 ? `${name.slice(0, 43)}…` : name
}

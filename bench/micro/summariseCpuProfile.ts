/**
 * Summarises a V8 `.cpuprofile` (the format `node --cpu-prof` and `node:inspector`'s
 * `Profiler.stop` write) by self time, per function and per file (issue 7: "measure first").
 * Self time of a node = its hit count × the mean sampling interval; idle, GC and the program
 * root are kept as their own rows, since "time waiting in awaits" and "time in GC" are levers
 * too. Paths are shortened to the part after `node_modules/` or the repository root.
 *
 * CLI: `npx tsx bench/micro/summariseCpuProfile.ts <file.cpuprofile> [top]` (default 25).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The part of a V8 CPU profile this summary reads. */
export type CpuProfile = {
  nodes: readonly {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    hitCount?: number
    children?: readonly number[]
  }[]
  startTime: number
  endTime: number
  samples?: readonly number[]
}

export type SelfTimeRow = { name: string; ms: number; percent: number }

/**
 * A stage of the work: a sample belongs to the first stage (in list order) that matches any
 * frame on its stack, as `functionName shortPath`; samples no stage matches are "other".
 * Time after an `await` is rooted at the microtask queue, not at its caller, so stages match
 * library frames too (e.g. `@ethereumjs/` for the EVM).
 */
export type CpuProfileStage = { name: string; frames: RegExp }

export type CpuProfileSummary = {
  totalMs: number
  samples: number
  byFunction: SelfTimeRow[]
  byFile: SelfTimeRow[]
  /** Every stage, in the order given, then "other"; empty when no stages were given. */
  byStage: SelfTimeRow[]
}

export function summariseCpuProfile(
  profile: CpuProfile,
  top = 25,
  stages: readonly CpuProfileStage[] = [],
): CpuProfileSummary {
  if (!Number.isInteger(top) || top < 1) throw new RangeError('top must be a positive integer')
  const totalMs = (profile.endTime - profile.startTime) / 1000
  const hits = new Map<number, number>()
  if (profile.samples && profile.samples.length > 0)
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
  else for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0)
  const samples = [...hits.values()].reduce((a, b) => a + b, 0)
  const msPerSample = samples > 0 ? totalMs / samples : 0
  const byFunction = new Map<string, number>()
  const byFile = new Map<string, number>()
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0
    if (count === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    const file = shortPath(url)
    const fn =
      file === ''
        ? `(${stripParens(functionName) || 'anonymous'})`
        : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count)
    const fileKey = file === '' ? fn : file
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + count)
  }
  const rows = (m: Map<string, number>): SelfTimeRow[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([name, count]) => ({
        name,
        ms: count * msPerSample,
        percent: samples > 0 ? (100 * count) / samples : 0,
      }))
  return {
    totalMs,
    samples,
    byFunction: rows(byFunction),
    byFile: rows(byFile),
    byStage: stageRows(profile, hits, stages, samples, msPerSample),
  }
}

function stageRows(
  profile: CpuProfile,
  hits: ReadonlyMap<number, number>,
  stages: readonly CpuProfileStage[],
  samples: number,
  msPerSample: number,
): SelfTimeRow[] {
  if (stages.length === 0) return []
  const parent = new Map<number, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const counts = new Array<number>(stages.length + 1).fill(0)
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0
    if (count === 0) continue
    const names: string[] = []
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame
      names.push(`${functionName} ${shortPath(url)}`)
    }
    const stage = stages.findIndex((s) => names.some((name) => s.frames.test(name)))
    counts[stage === -1 ? stages.length : stage]! += count
  }
  return [...stages.map((s) => s.name), 'other'].map((name, i) => ({
    name,
    ms: counts[i]! * msPerSample,
    percent: samples > 0 ? (100 * counts[i]!) / samples : 0,
  }))
}

/** The summary as two plain-text tables. */
export function formatCpuProfileSummary(summary: CpuProfileSummary): string {
  const table = (title: string, rows: SelfTimeRow[]) =>
    [
      title,
      ...rows.map(
        (r) => `  ${r.percent.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`,
      ),
    ].join('\n')
  return [
    `profile: ${summary.totalMs.toFixed(0)} ms, ${summary.samples} samples`,
    ...(summary.byStage.length > 0 ? [table('time by stage:', summary.byStage)] : []),
    table('self time by function:', summary.byFunction),
    table('self time by file:', summary.byFile),
    '',
  ].join('\n')
}

function stripParens(name: string): string {
  return name.replace(/^\((.*)\)$/, '$1')
}

/** `file:///…/node_modules/@noble/hashes/esm/sha3.js` → `@noble/hashes/esm/sha3.js`. */
function shortPath(url: string): string {
  if (url === '') return ''
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url
  const nm = path.lastIndexOf('/node_modules/')
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length)
  const root = fileURLToPath(new URL('../../', import.meta.url))
  return path.startsWith(root) ? path.slice(root.length) : path
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, topArg] = process.argv.slice(2)
  if (!file) throw new RangeError('usage: summariseCpuProfile.ts <file.cpuprofile> [top]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(formatCpuProfileSummary(summariseCpuProfile(profile, Number(topArg ?? 25))))
}

/**
 * Micro-benchmark (issue 7, D9's K-Means in the JS sandbox): where the time of one K-Means call
 * goes, from the bare QuickJS interpreter up to a full `EvmEngine` request. Every stage runs
 * the same source (`examples/js/kmeans.js`, 1,000 points, 5 dims, k = 10, 100 iterations) on
 * the engine's own QuickJS module (sync release build, `sandboxModule()`):
 *
 * - `native`: the module imported into Node (V8 JIT), the ratio's denominator;
 * - `bare`: a fresh runtime and context, the module evaluated and `kmeans` called, nothing else;
 * - `bare+poll`: the same with the engine's interrupt handler (`GasMeter.poll`) installed;
 * - `frame`: `runJsFrame` with a host that performs nothing (runtime, prelude, codec, ABI);
 * - `engine`: `EvmEngine.execute` of a call to the deployed program (stub, dispatcher, EVM);
 * - the frame's fixed parts alone: runtime + context, codec + prelude, module evaluation, and
 *   the ABI decode of calldata plus encode of the result;
 * - `V8 + fuel counter`: a spike of the alternative to an interpreter, the source rewritten to
 *   count fuel at every loop iteration and function entry (where QuickJS polls) and run by V8
 *   in its own `node:vm` context. Not a sandbox (node:vm is no security boundary): it measures
 *   what deterministic metering costs a JIT, the figure "under 10x" depends on.
 *
 * Stages run interleaved, round by round, after one untimed warm-up round (and five more calls
 * of the V8 stages, which V8 needs to optimise them), so machine load
 * falls on all of them alike; the median of each is printed, in wall time and in CPU time
 * (`processCpuMs`, what the bench reports: steady on a shared machine), each
 * with its ratio to `native`.
 * Every stage's result must equal the native one, so a broken stage cannot report a fast
 * figure. Run: `npx tsx bench/micro/kmeansSandboxProfile.ts [rounds]` (default 7).
 * Not part of `npm test`.
 */
import { readFileSync } from 'node:fs'
import { createContext, runInContext } from 'node:vm'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { DefaultIntrinsics } from 'quickjs-emscripten'
import { type Abi, decodeFunctionResult, encodeFunctionData, hexToBytes } from 'viem'
import { GasMeter } from '../../packages/engine/src/js/GasMeter.js'
import { GUEST_PRELUDE_SOURCE } from '../../packages/engine/src/js/guestPrelude.js'
import { GUEST_CODEC_SOURCE } from '../../packages/engine/src/js/guestValues.js'
import { encodeJsReturn, selectJsFunction } from '../../packages/engine/src/js/jsAbi.js'
import { runJsFrame } from '../../packages/engine/src/js/runJsFrame.js'
import { sandboxModule } from '../../packages/engine/src/js/sandboxModule.js'
import { KMEANS_ARGS, kmeansEngineRunner, kmeansSourceUrl } from '../kmeans/kmeansTiming.js'
import { processCpuMs } from '../kmeans/processCpuMs.js'
import { percentile } from '../percentile.js'

type KmeansModule = { abi: Abi; kmeans(...args: number[]): [bigint[], bigint[]] }
type Stage = { name: string; run: () => Promise<string> | string }

const rounds = Number(process.argv[2] ?? 7)
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('rounds must be a positive integer')

const source = readFileSync(kmeansSourceUrl, 'utf8')
const native = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as KmeansModule
const module = await sandboxModule()
const calldata = hexToBytes(
  encodeFunctionData({ abi: native.abi, functionName: 'kmeans', args: [...KMEANS_ARGS] }),
)
const expected = show(native.kmeans(...KMEANS_ARGS))
const callSource = `${source}\nglobalThis.__out = JSON.stringify(kmeans(${KMEANS_ARGS.join(', ')}), (_k, v) => typeof v === 'bigint' ? v.toString() + 'n' : v)\n`

/** The program evaluated as a module in a fresh runtime; `poll` as interrupt handler if given. */
function bare(poll: (() => boolean) | null): string {
  const runtime = module.newRuntime()
  if (poll !== null) runtime.setInterruptHandler(poll)
  const ctx = runtime.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } })
  try {
    ctx.evalCode(callSource, 'program.js', { type: 'module' }).unwrap().dispose()
    const out = ctx.getProp(ctx.global, '__out')
    const text = ctx.getString(out)
    out.dispose()
    return text
  } finally {
    ctx.dispose()
    runtime.dispose()
  }
}

/** The frame's fixed parts, each in a fresh runtime, with no K-Means computed. */
function fixedPart(part: 'runtime' | 'prelude' | 'module'): string {
  const runtime = module.newRuntime()
  const ctx = runtime.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } })
  try {
    if (part === 'runtime') return 'ok'
    const host = ctx.newFunction('__host', () => ctx.undefined)
    ctx.setProp(ctx.global, '__host', host)
    host.dispose()
    ctx.setProp(ctx.global, '__globals', ctx.newString('{}'))
    for (const script of [GUEST_CODEC_SOURCE, GUEST_PRELUDE_SOURCE])
      ctx.evalCode(script, 'racetee.js').unwrap().dispose()
    if (part === 'prelude') return 'ok'
    const ns = ctx.evalCode(source, 'program.js', { type: 'module' }).unwrap()
    const kind = ctx.typeof(ns)
    ns.dispose()
    return kind
  } finally {
    ctx.dispose()
    runtime.dispose()
  }
}

async function frame(): Promise<string> {
  const meter = new GasMeter(16_000_000n)
  let selected: ReturnType<typeof selectJsFunction> = null
  const outcome = await runJsFrame(
    module,
    source,
    (abi) => {
      selected = selectJsFunction(abi, calldata)
      return selected
    },
    { globals: {}, perform: async () => null },
    meter,
  )
  if (outcome.kind !== 'returned' || selected === null) return `frame ended ${outcome.kind}`
  const s = selected as NonNullable<ReturnType<typeof selectJsFunction>>
  const encoded = encodeJsReturn(s.abi, s.name, outcome.value)
  if (encoded === null) return 'frame result does not fit the ABI'
  return show(decodeFunctionResult({ abi: native.abi, functionName: 'kmeans', data: encoded }))
}

const nativeResult = native.kmeans(...KMEANS_ARGS)
function abiOnly(): string {
  const s = selectJsFunction(native.abi, calldata)
  if (s === null) return 'no function'
  const encoded = encodeJsReturn(s.abi, s.name, nativeResult)
  return encoded === null ? 'no encoding' : 'ok'
}

/**
 * `source` with a fuel check at every loop body and function body, as a metering rewriter
 * would emit; loops without braces get them. Returns the rewritten script and checks that each
 * kind of site was found, so a changed kmeans.js cannot silently lose its metering.
 */
function metered(text: string): string {
  const check = 'if (--fuel < 0) fuel = refuel();'
  let out = text.replaceAll('export ', '')
  for (let before = ''; before !== out; ) {
    before = out
    out = out.replace(/(for \([^)]*\)) (?!\{)([^\n]*)\n/, `$1 { $2 }\n`)
  }
  const sites = [/(for \([^)]*\) \{)/g, /(function \w+\([^)]*\) \{)/g, /(=> \{)/g]
  for (const site of sites) {
    if (!site.test(out)) throw new RangeError(`no metering site ${site}`)
    out = out.replace(site, `$1 ${check}`)
  }
  return `(() => {\n  let fuel = 0\n${out}\n  return kmeans\n})()`
}

let refuels = 0
const meteredKmeans = runInContext(
  metered(source),
  createContext({
    refuel: () => {
      refuels += 1
      return 10_000
    },
  }),
) as KmeansModule['kmeans']

const engineRun = await kmeansEngineRunner(source, native.abi)
const stages: Stage[] = [
  { name: 'native (V8)', run: () => show(native.kmeans(...KMEANS_ARGS)) },
  { name: 'bare QuickJS', run: () => bare(null) },
  { name: 'bare + GasMeter.poll', run: () => bare(new GasMeter(16_000_000n).poll) },
  { name: 'runJsFrame', run: frame },
  { name: 'EvmEngine.execute', run: async () => show((await engineRun()).value) },
  { name: 'V8 + fuel counter (vm)', run: () => show(meteredKmeans(...KMEANS_ARGS)) },
  { name: '  runtime + context', run: () => fixedPart('runtime') },
  { name: '  + codec + prelude', run: () => fixedPart('prelude') },
  { name: '  + module evaluation', run: () => fixedPart('module') },
  { name: '  ABI decode + encode', run: abiOnly },
]
const expectedOf = (name: string): string =>
  name.startsWith('  ') ? (name.includes('module') ? 'object' : 'ok') : expected

// V8 optimises `kmeans` only after a few calls (38, 19, 12 ms here): warm both V8 stages first.
for (let i = 0; i < 5; i++) {
  native.kmeans(...KMEANS_ARGS)
  meteredKmeans(...KMEANS_ARGS)
}
const times = new Map<string, number[]>(stages.map((s) => [s.name, []]))
const cpuTimes = new Map<string, number[]>(stages.map((s) => [s.name, []]))
for (let round = 0; round <= rounds; round++) {
  for (const stage of stages) {
    const started = performance.now()
    const cpuStarted = processCpuMs()
    const result = await stage.run()
    const ms = performance.now() - started
    const cpuMs = processCpuMs() - cpuStarted
    if (result !== expectedOf(stage.name))
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A profile stage computed a different result.', {
        details: stage.name,
      })
    if (round > 0) {
      times.get(stage.name)!.push(ms)
      cpuTimes.get(stage.name)!.push(cpuMs)
    }
  }
}
const nativeMs = percentile(times.get('native (V8)')!, 50)
const nativeCpu = percentile(cpuTimes.get('native (V8)')!, 50)
console.log(`V8 + fuel counter: about ${Math.round(refuels / (rounds + 6))} refuels of 10,000 per run`)
console.log(`K-Means ${KMEANS_ARGS.join(', ')}: medians of ${rounds} interleaved rounds`)
console.log(
  `${'stage'.padEnd(24)} ${'wall ms'.padStart(9)} ${'ratio'.padStart(7)} ${'CPU ms'.padStart(9)} ${'ratio'.padStart(7)}`,
)
const cell = (v: number, of: number | null) =>
  `${v.toFixed(2).padStart(9)} ${of === null ? ''.padStart(7) : `${(v / of).toFixed(1)}x`.padStart(7)}`
for (const stage of stages) {
  const fixed = stage.name.startsWith('  ')
  const ms = percentile(times.get(stage.name)!, 50)
  const cpu = percentile(cpuTimes.get(stage.name)!, 50)
  console.log(
    `${stage.name.padEnd(24)} ${cell(ms, fixed ? null : nativeMs)} ${cell(cpu, fixed ? null : nativeCpu)}`,
  )
}

function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
}

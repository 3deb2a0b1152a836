/**
 * Runs one call of a JS program in its own QuickJS runtime (D5 "JS programs": one sandbox
 * instance per frame, hence per nesting depth; fuel by interrupt polls; a memory cap; no clock,
 * no randomness, no I/O; pending jobs run to completion).
 *
 * The guest reaches the host only through promises (`await racetee.call(...)`), so the sync
 * QuickJS build suffices and pure computation never pays for asyncify: while the host awaits a
 * nested EVM call this frame's interpreter is not running (nothing is suspended inside
 * WebAssembly), and a nested JS frame runs in another runtime of the same module. Host
 * operations are queued and performed one at a time in the order the guest asked for them, so
 * `Promise.all` over two calls runs them in a fixed order.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten'
import { DefaultIntrinsics } from 'quickjs-emscripten'
import type { GasMeter } from './GasMeter.js'
import { GUEST_PRELUDE_SOURCE } from './guestPrelude.js'
import { decodeFromGuest, encodeForGuest, GUEST_CODEC_SOURCE } from './guestValues.js'
import { JS_MEMORY_LIMIT_BYTES, JS_PARSE_STACK_LIMIT_BYTES, JS_STACK_LIMIT_BYTES } from './jsLimits.js'

/** A failure the guest may catch: its promise rejects with a `CallError` carrying `data`. */
export class JsHostRejection {
  constructor(
    readonly message: string,
    readonly data: string,
  ) {}
}

export type JsFrameHost = {
  /** Plain data the program sees as properties of `racetee` (`self`, `sender`). */
  readonly globals: Record<string, unknown>
  /**
   * One host operation asked for by the guest. Returns plain data for the guest; throws a
   * `JsHostRejection` to reject the guest's promise; anything else thrown (a refusal, a fault)
   * ends the frame and propagates.
   */
  perform(op: string, payload: unknown): Promise<unknown>
}

/** What to call, given the module's `abi` export; null when nothing matches (a revert). */
export type JsEntry = (abi: unknown) => { name: string; args: readonly unknown[] } | null

export type JsFrameOutcome =
  | { kind: 'returned'; value: unknown }
  | { kind: 'thrown'; message: string; data: string | null }
  | { kind: 'outOfFuel' }
  /** The runtime's memory or stack cap was hit and the guest did not catch it. */
  | { kind: 'sandboxLimit' }
  /**
   * The WebAssembly module aborted (QuickJS asserts when a runtime is freed with objects still
   * listed, which some native paths leave behind after a stack overflow): the module is dead.
   * Deterministic (the same program aborts the same build everywhere), so the request is
   * refused, never a fault that would stall every executor's round.
   */
  | { kind: 'sandboxAborted' }

type Pending = { op: string; payload: unknown; reply: (json: string, ok: boolean) => void }
type Step = { handle: QuickJSHandle } | JsFrameOutcome
type VmResult = { error?: QuickJSHandle | undefined; value?: QuickJSHandle | undefined }

export async function runJsFrame(
  module: QuickJSWASMModule,
  source: string,
  entry: JsEntry,
  host: JsFrameHost,
  meter: GasMeter,
): Promise<JsFrameOutcome> {
  const runtime = module.newRuntime()
  runtime.setMemoryLimit(JS_MEMORY_LIMIT_BYTES)
  runtime.setMaxStackSize(JS_STACK_LIMIT_BYTES)
  runtime.setInterruptHandler(meter.poll)
  const ctx = runtime.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } })
  const frame = new Frame(runtime, ctx, host, meter)
  let outcome: JsFrameOutcome
  try {
    outcome = await frame.run(source, entry)
  } catch (err) {
    if (!isWasmAbort(err)) {
      // A host refusal (a limit of the request) or a fault passes through; the module may be
      // dead already (an inner frame aborted it), so freeing is best effort here.
      disposeQuietly(frame, ctx, runtime)
      throw err
    }
    outcome = { kind: 'sandboxAborted' }
  }
  if (!disposeQuietly(frame, ctx, runtime)) return { kind: 'sandboxAborted' }
  return outcome
}

/** Frees the frame's handles, context and runtime; false if the module aborted doing so. */
function disposeQuietly(frame: Frame, ctx: QuickJSContext, runtime: QuickJSRuntime): boolean {
  try {
    frame.dispose()
    ctx.dispose()
    runtime.dispose()
    return true
  } catch (err) {
    if (isWasmAbort(err)) return false
    throw err
  }
}

class Frame {
  private readonly owned: { alive: boolean; dispose(): void }[] = []
  private readonly queue: Pending[] = []

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly host: JsFrameHost,
    private readonly meter: GasMeter,
  ) {}

  async run(source: string, entry: JsEntry): Promise<JsFrameOutcome> {
    const { ctx } = this
    ctx.setProp(ctx.global, '__host', this.keep(ctx.newFunction('__host', (op, json) => this.ask(op, json))))
    ctx.setProp(ctx.global, '__globals', this.keep(ctx.newString(encodeForGuest(this.host.globals))))
    for (const script of [GUEST_CODEC_SOURCE, GUEST_PRELUDE_SOURCE]) {
      const step = this.result(ctx.evalCode(script, 'racetee.js'))
      if (!('handle' in step)) return step
    }
    this.runtime.setMaxStackSize(JS_PARSE_STACK_LIMIT_BYTES)
    const parsed = ctx.evalCode(source, 'program.js', { type: 'module' })
    this.runtime.setMaxStackSize(JS_STACK_LIMIT_BYTES)
    const loaded = this.result(parsed)
    if (!('handle' in loaded)) return loaded
    const ns = await this.settle(loaded)
    if (!('handle' in ns)) return ns
    const abi = this.read(this.keep(ctx.getProp(ns.handle, 'abi')))
    if ('kind' in abi) return abi
    const call = entry(abi.data)
    if (call === null) return { kind: 'thrown', message: 'no function matches the calldata', data: null }
    const fn = this.keep(ctx.getProp(ns.handle, call.name))
    if (ctx.typeof(fn) !== 'function') return { kind: 'thrown', message: 'function not exported', data: null }
    const args = this.write([...call.args])
    if (!('handle' in args)) return args
    const argHandles = call.args.map((_, i) => this.keep(ctx.getProp(args.handle, i)))
    const called = await this.settle(this.result(ctx.callFunction(fn, ctx.undefined, ...argHandles)))
    if (!('handle' in called)) return called
    const value = this.read(called.handle)
    if ('kind' in value) return value
    const drained = await this.drain()
    return drained ?? { kind: 'returned', value: value.data }
  }

  dispose(): void {
    for (let i = this.owned.length - 1; i >= 0; i--) {
      const h = this.owned[i]!
      if (h.alive) h.dispose()
    }
  }

  private keep<T extends { alive: boolean; dispose(): void }>(handle: T): T {
    this.owned.push(handle)
    return handle
  }

  /** The guest's `__host(op, json)`: queue the operation, hand back a promise for its answer. */
  private ask(opHandle: QuickJSHandle, jsonHandle: QuickJSHandle): QuickJSHandle {
    const { ctx } = this
    const deferred = this.keep(ctx.newPromise())
    const op = ctx.getString(opHandle)
    const payload = decodeFromGuest(ctx.getString(jsonHandle))
    this.queue.push({
      op,
      payload,
      reply: (json, ok) => {
        const text = ctx.newString(json)
        if (ok) deferred.resolve(text)
        else deferred.reject(text)
        text.dispose()
      },
    })
    return deferred.handle
  }

  private result(r: VmResult): Step {
    if (r.error !== undefined) return this.classify(this.keep(r.error))
    return { handle: this.keep(r.value!) }
  }

  /** Runs jobs and host operations until `step`'s promise settles (a non-promise is settled). */
  private async settle(step: Step): Promise<Step> {
    if (!('handle' in step)) return step
    for (;;) {
      const state = this.ctx.getPromiseState(step.handle)
      if (state.type === 'fulfilled') return state.notAPromise ? step : { handle: this.keep(state.value) }
      if (state.type === 'rejected') return this.classify(this.keep(state.error))
      const jobs = this.runtime.executePendingJobs()
      if (jobs.error !== undefined) return this.classify(this.keep(jobs.error))
      if (jobs.value > 0) continue
      const next = this.queue.shift()
      if (next === undefined)
        return { kind: 'thrown', message: 'awaits a promise that never settles', data: null }
      await this.perform(next)
    }
  }

  /** D5: pending jobs (and the host operations they ask for) run to completion. */
  private async drain(): Promise<JsFrameOutcome | null> {
    for (;;) {
      const jobs = this.runtime.executePendingJobs()
      if (jobs.error !== undefined) {
        const outcome = this.classify(this.keep(jobs.error))
        if (outcome.kind === 'outOfFuel' || outcome.kind === 'sandboxLimit') return outcome
        continue
      }
      if (jobs.value > 0) continue
      const next = this.queue.shift()
      if (next === undefined) return null
      await this.perform(next)
    }
  }

  private async perform(pending: Pending): Promise<void> {
    try {
      const answer = await this.host.perform(pending.op, pending.payload)
      pending.reply(encodeForGuest(answer ?? null), true)
    } catch (err) {
      if (!(err instanceof JsHostRejection)) throw err
      pending.reply(encodeForGuest({ message: err.message, data: err.data }), false)
    }
  }

  /** A guest value as host data, through the guest's codec (a cycle or a Symbol is a throw). */
  private read(handle: QuickJSHandle): { data: unknown } | JsFrameOutcome {
    const { ctx } = this
    const codec = this.keep(ctx.getProp(ctx.global, '__racetee'))
    const encode = this.keep(ctx.getProp(codec, 'encode'))
    const text = this.result(ctx.callFunction(encode, ctx.undefined, handle))
    if (!('handle' in text)) return text
    if (ctx.typeof(text.handle) !== 'string')
      return { kind: 'thrown', message: 'value not encodable', data: null }
    return { data: decodeFromGuest(ctx.getString(text.handle)) }
  }

  private write(value: unknown): Step {
    const { ctx } = this
    const codec = this.keep(ctx.getProp(ctx.global, '__racetee'))
    const decode = this.keep(ctx.getProp(codec, 'decode'))
    const text = this.keep(ctx.newString(encodeForGuest(value)))
    return this.result(ctx.callFunction(decode, ctx.undefined, text))
  }

  /**
   * An exception that left the guest: fuel, a sandbox cap (QuickJS's own "out of memory" and
   * "stack overflow" InternalErrors), or a throw (a revert, with `data` if any).
   */
  private classify(error: QuickJSHandle): JsFrameOutcome {
    if (this.meter.exhausted) return { kind: 'outOfFuel' }
    const { ctx } = this
    const field = (name: string): string | null => {
      if (ctx.typeof(error) !== 'object') return null
      const h = this.keep(ctx.getProp(error, name))
      return ctx.typeof(h) === 'string' ? ctx.getString(h) : null
    }
    const name = field('name')
    const message = field('message') ?? (ctx.typeof(error) === 'string' ? ctx.getString(error) : 'thrown')
    if (name === 'InternalError' && (message === 'out of memory' || message === 'stack overflow'))
      return { kind: 'sandboxLimit' }
    return { kind: 'thrown', message, data: field('data') }
  }
}

/** An emscripten abort or trap: the module's own failure, not a host error passing through. */
function isWasmAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'RuntimeError'
}

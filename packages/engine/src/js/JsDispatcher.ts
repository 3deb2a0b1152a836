/**
 * The JS dispatcher precompile (D5 "JS programs"): a JS program's stub calls it with the
 * program's calldata; it runs the program in a fresh QuickJS frame and answers as the program.
 *
 * A precompile is not told who called it, so the dispatcher keeps the EVM's message stack from
 * the `beforeMessage`/`afterMessage` events. The frame under its own must be a plain CALL or
 * STATICCALL into the program whose code runs there (not a DELEGATECALL or CALLCODE, and not a
 * program calling the precompile directly): that frame's caller is the program's `msg.sender`.
 * Nested calls from JS are `Message`s at the precompile's depth + 1 through `evm.runCall`, so
 * they keep `tx.origin`, the depth limit, ACL checks and journal checkpoints: a revert anywhere
 * unwinds exactly the frames it would in the EVM.
 *
 * Outcomes: a return is ABI-encoded as the declared function's outputs; a throw reverts (with
 * the `data` of a `CallError`, else Error(message)); fuel exhaustion uses all gas and signals
 * the stub to run out of gas itself; the memory or stack cap refuses the whole request
 * (sandboxLimit), as the cap of a runtime is no EVM condition a caller could handle.
 */
import { type EVM, EVMError, type ExecResult, Message, type PrecompileInput } from '@ethereumjs/evm'
import { type Address, bytesToHex, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import type { QuickJSWASMModule } from 'quickjs-emscripten'
import { type Abi, encodeErrorResult, type Hex, isHex } from 'viem'
import { refuseLimit, refuseSandbox } from '../engineSignals.js'
import { GasMeter } from './GasMeter.js'
import { JsHostOps } from './JsHostOps.js'
import { encodeJsReturn, selectJsFunction } from './jsAbi.js'
import { JS_FRAME_GAS, JS_MAX_LIVE_FRAMES, JS_SOURCE_BYTE_GAS } from './jsLimits.js'
import { FUEL_EXHAUSTED, JS_DISPATCHER_ADDRESS, jsSourceOf } from './jsProgramCode.js'
import { JsHostRejection, runJsFrame } from './runJsFrame.js'
import { renewSandboxModule } from './sandboxModule.js'

const DISPATCHER = createAddressFromString(JS_DISPATCHER_ADDRESS)
const MAX_DEPTH = 1024

export type JsFrameTrace = { program: Hex; sender: Hex; depth: number; polls: number; gasUsed: bigint }

export class JsDispatcher {
  private readonly frames: Message[] = []
  private evm: EVM | undefined
  private live = 0
  /** Every finished JS frame of the current EVM, innermost first (for tests and the spike). */
  readonly trace: JsFrameTrace[] = []

  /** Set when the module aborted: the next request gets a fresh one (`renewIfAborted`). */
  private aborted = false

  constructor(private module: QuickJSWASMModule) {}

  /** Before a request: replaces a module a previous request's program aborted. */
  async renewIfAborted(): Promise<void> {
    if (!this.aborted) return
    this.module = await renewSandboxModule()
    this.aborted = false
  }

  /** Follows `evm`'s message stack; call for every EVM the dispatcher serves (one at a time). */
  attach(evm: EVM): void {
    this.evm = evm
    this.frames.length = 0
    this.live = 0
    this.trace.length = 0
    evm.events.on('beforeMessage', (message: Message) => {
      if (this.evm === evm) this.frames.push(message)
    })
    evm.events.on('afterMessage', () => {
      if (this.evm === evm) this.frames.pop()
    })
  }

  /** D5: each request is its own transaction; the trace restarts with it. */
  beginRequest(): void {
    this.trace.length = 0
  }

  /** The entry for `customPrecompiles`. */
  precompile(): { address: Hex; function: (input: PrecompileInput) => Promise<ExecResult> } {
    return { address: JS_DISPATCHER_ADDRESS, function: (input) => this.dispatch(input) }
  }

  private async dispatch(input: PrecompileInput): Promise<ExecResult> {
    const evm = this.evm
    const me = this.frames.at(-1)
    const stub = this.frames.at(-2)
    if (evm === undefined || me === undefined || stub === undefined || !me.codeAddress.equals(DISPATCHER))
      return revert(0n, '0x')
    const program = me.caller
    // Only a program's own stub, entered by CALL or STATICCALL, may run the program.
    if (stub.to === undefined || !stub.to.equals(program) || !stub.codeAddress.equals(program))
      return revert(0n, '0x')
    const source = jsSourceOf(await evm.stateManager.getCode(program))
    if (source === null) return revert(0n, '0x')
    const meter = new GasMeter(input.gasLimit)
    if (!meter.charge(JS_FRAME_GAS + BigInt(source.length) * JS_SOURCE_BYTE_GAS))
      return outOfFuel(input.gasLimit)
    if (this.live >= JS_MAX_LIVE_FRAMES) refuseLimit()
    this.live += 1
    let selected: ReturnType<typeof selectJsFunction> = null
    const ops = new JsHostOps(evm, me, program, meter, (to, data) =>
      this.nested(evm, me, program, to, data, meter),
    )
    try {
      const outcome = await runJsFrame(
        this.module,
        source,
        (abi) => {
          selected = selectJsFunction(abi, input.data)
          return selected
        },
        {
          globals: { self: program.toString(), sender: stub.caller.toString() },
          perform: (op, p) => ops.perform(op, p),
        },
        meter,
      )
      this.trace.push({
        program: program.toString(),
        sender: stub.caller.toString(),
        depth: me.depth,
        polls: meter.polls,
        gasUsed: meter.exhausted ? input.gasLimit : meter.used,
      })
      // A frame whose meter ran dry ends out of gas even if it caught the failed operation.
      if (outcome.kind === 'sandboxAborted') {
        this.aborted = true
        return refuseSandbox()
      }
      if (meter.exhausted && outcome.kind !== 'sandboxLimit') return outOfFuel(input.gasLimit)
      switch (outcome.kind) {
        case 'outOfFuel':
          return outOfFuel(input.gasLimit)
        case 'sandboxLimit':
          return refuseSandbox()
        case 'thrown': {
          const data =
            outcome.data !== null && isHex(outcome.data) ? outcome.data : errorData(outcome.message)
          return revert(meter.used, data)
        }
        case 'returned': {
          const s = selected as ReturnType<typeof selectJsFunction>
          const encoded = s === null ? null : encodeJsReturn(s.abi, s.name, outcome.value)
          if (encoded === null) return revert(meter.used, errorData('return value does not match the ABI'))
          return { executionGasUsed: meter.used, returnValue: hexToBytes(encoded), logs: ops.logs }
        }
      }
    } finally {
      this.live -= 1
    }
  }

  /** A call from JS: an EVM message from the program at the precompile's depth + 1. */
  private async nested(
    evm: EVM,
    me: Message,
    program: Address,
    to: Address,
    data: Uint8Array,
    meter: GasMeter,
  ): Promise<{ ok: boolean; data: Hex; logs: ExecResult['logs'] }> {
    // As the interpreter's CALL: beyond the depth limit the call fails without running.
    if (me.depth >= MAX_DEPTH) return { ok: false, data: '0x', logs: [] }
    const available = meter.remaining
    const message = new Message({
      caller: program,
      to,
      value: 0n,
      data,
      gasLimit: available - available / 64n, // EIP-150: all but one 64th
      depth: me.depth + 1,
      isStatic: me.isStatic,
      selfdestruct: new Map(me.selfdestruct ?? []),
      createdAddresses: new Set(me.createdAddresses ?? []),
    })
    const result = await evm.runCall({ message })
    const exec = result.execResult
    meter.charge(exec.executionGasUsed)
    const error = exec.exceptionError
    if (error === undefined) {
      for (const [k, v] of message.selfdestruct ?? []) me.selfdestruct?.set(k, v)
      for (const a of message.createdAddresses ?? []) me.createdAddresses?.add(a)
    }
    const returned = error === undefined || error.error === EVMError.errorMessages.REVERT
    return {
      ok: error === undefined,
      data: returned ? bytesToHex(exec.returnValue) : '0x',
      logs: exec.logs ?? [],
    }
  }
}

function revert(gasUsed: bigint, data: Hex): ExecResult {
  return {
    executionGasUsed: gasUsed,
    returnValue: hexToBytes(data),
    exceptionError: new EVMError(EVMError.errorMessages.REVERT),
  }
}

/** All gas used, and the stub told to run out of gas itself (see jsProgramCode). */
function outOfFuel(gasLimit: bigint): ExecResult {
  return revert(gasLimit, FUEL_EXHAUSTED)
}

function errorData(message: string): Hex {
  return encodeErrorResult({
    abi: [
      { type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] },
    ] as const satisfies Abi,
    errorName: 'Error',
    args: [message],
  })
}

export { JsHostRejection }

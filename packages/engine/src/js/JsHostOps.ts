/**
 * What a JS frame may ask of the host (D5): nested calls through the EVM and its own state.
 * Every operation is charged to the frame's `GasMeter` before it runs.
 *
 * State is the program's EVM storage: a string key lives in slot `keccak256(utf8(key))` as a
 * uint256, so sealing, pages and digests treat a JS program like any other (D5 "A program's
 * state is its EVM account"). Gas is flat (a cold SLOAD; SSTORE set or reset, no refunds): it
 * depends only on the request and its pre-state, never on timing.
 */
import type { EVM, ExecResult, Message } from '@ethereumjs/evm'
import { type Address, createAddressFromString, hexToBytes, setLengthLeft } from '@ethereumjs/util'
import {
  type Abi,
  bytesToBigInt,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  isAddress,
  isHex,
  keccak256,
  numberToBytes,
  stringToBytes,
} from 'viem'
import type { GasMeter } from './GasMeter.js'
import { JS_CALL_GAS, JS_STATE_READ_GAS, JS_STATE_RESET_GAS, JS_STATE_SET_GAS } from './jsLimits.js'
import { JsHostRejection } from './runJsFrame.js'

type Nested = (to: Address, data: Uint8Array) => Promise<{ ok: boolean; data: Hex; logs: ExecResult['logs'] }>
type Payload = Record<string, unknown>

const MAX_UINT256 = (1n << 256n) - 1n

export class JsHostOps {
  /** Logs of the nested calls that succeeded, in order: they become the frame's logs. */
  readonly logs: NonNullable<ExecResult['logs']> = []

  constructor(
    private readonly evm: EVM,
    private readonly message: Message,
    private readonly program: Address,
    private readonly meter: GasMeter,
    private readonly nested: Nested,
  ) {}

  async perform(op: string, payload: unknown): Promise<unknown> {
    const p = (payload ?? {}) as Payload
    switch (op) {
      case 'call':
        return this.call(p)
      case 'callRaw':
        return this.callRaw(p)
      case 'get':
        return this.get(p)
      case 'set':
        return this.set(p)
      default:
        throw new JsHostRejection('unknown host operation', '0x')
    }
  }

  private async call(p: Payload): Promise<unknown> {
    const abi = p.abi as Abi
    const functionName = String(p.functionName)
    let data: Hex
    try {
      data = encodeFunctionData({ abi, functionName, args: (p.args ?? []) as readonly unknown[] })
    } catch {
      throw new JsHostRejection('call arguments do not match the ABI', '0x')
    }
    const result = await this.callData(p.address, data)
    if (!result.ok) throw new JsHostRejection('call failed', result.data)
    try {
      return decodeFunctionResult({ abi, functionName, data: result.data })
    } catch {
      throw new JsHostRejection('call result does not match the ABI', result.data)
    }
  }

  private async callRaw(p: Payload): Promise<{ ok: boolean; data: Hex }> {
    if (typeof p.data !== 'string' || !isHex(p.data)) throw new JsHostRejection('data must be 0x-hex', '0x')
    return this.callData(p.address, p.data)
  }

  private async callData(address: unknown, data: Hex): Promise<{ ok: boolean; data: Hex }> {
    if (typeof address !== 'string' || !isAddress(address, { strict: false }))
      throw new JsHostRejection('address must be a 20-byte 0x-hex address', '0x')
    this.charge(JS_CALL_GAS)
    const result = await this.nested(createAddressFromString(address.toLowerCase()), hexToBytes(data))
    if (result.ok) this.logs.push(...(result.logs ?? []))
    return { ok: result.ok, data: result.data }
  }

  private async get(p: Payload): Promise<bigint> {
    this.charge(JS_STATE_READ_GAS)
    return this.read(slotOf(p.key))
  }

  private async set(p: Payload): Promise<null> {
    const slot = slotOf(p.key)
    const value = p.value
    if (typeof value !== 'bigint' && !(typeof value === 'number' && Number.isSafeInteger(value)))
      throw new JsHostRejection('value must be an integer', '0x')
    const v = BigInt(value)
    if (v < 0n || v > MAX_UINT256) throw new JsHostRejection('value must fit uint256', '0x')
    // EVM: a state change in a static context halts the frame and uses all its gas.
    if (this.message.isStatic) {
      this.meter.exhausted = true
      throw new JsHostRejection('state change in a static call', '0x')
    }
    const current = await this.read(slot)
    this.charge(current === 0n && v !== 0n ? JS_STATE_SET_GAS : JS_STATE_RESET_GAS)
    await this.evm.stateManager.putStorage(this.program, slot, setLengthLeft(numberToBytes(v), 32))
    return null
  }

  private async read(slot: Uint8Array): Promise<bigint> {
    const value = await this.evm.stateManager.getStorage(this.program, slot)
    return value.length === 0 ? 0n : bytesToBigInt(value)
  }

  /** Out of gas ends the frame: the meter is exhausted, so the frame's outcome is outOfFuel. */
  private charge(gas: bigint): void {
    if (!this.meter.charge(gas)) throw new JsHostRejection('out of gas', '0x')
  }
}

function slotOf(key: unknown): Uint8Array {
  if (typeof key !== 'string') throw new JsHostRejection('state key must be a string', '0x')
  return hexToBytes(keccak256(stringToBytes(key)))
}

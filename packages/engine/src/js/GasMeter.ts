/**
 * Gas of one JS frame (D5 "fuel converts to gas at a fixed ratio"). Everything a JS frame
 * costs is charged here in gas: its base and source, each interrupt poll of QuickJS at
 * `JS_GAS_PER_POLL`, state access, and whatever its nested calls used. Polls count
 * interpreter work (backward jumps and calls), never time, so the same frame over the same
 * state costs the same gas in every enclave.
 */
import { JS_GAS_PER_POLL } from './jsLimits.js'

export class GasMeter {
  private usedGas = 0n
  private pollCount = 0
  /** Set once the frame asked for more than its limit; the frame then ends out of gas. */
  exhausted = false

  constructor(readonly limit: bigint) {
    if (limit < 0n) throw new RangeError('limit must not be negative')
  }

  get used(): bigint {
    return this.usedGas
  }

  get polls(): number {
    return this.pollCount
  }

  get remaining(): bigint {
    return this.limit - this.usedGas
  }

  /** Charges `gas`; false (and exhausted) when the limit would be passed, charging nothing. */
  charge(gas: bigint): boolean {
    if (this.exhausted || this.usedGas + gas > this.limit) {
      this.exhausted = true
      return false
    }
    this.usedGas += gas
    return true
  }

  /** QuickJS interrupt poll: true asks QuickJS to stop the frame (fuel exhausted). */
  readonly poll = (): boolean => {
    this.pollCount += 1
    return !this.charge(JS_GAS_PER_POLL)
  }
}

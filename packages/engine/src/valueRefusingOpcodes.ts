/**
 * D5 "Ether does not move inside the enclave": a CALL, CALLCODE, CREATE or CREATE2 carrying
 * value > 0 refuses the whole request. The EVM alone would let such a call fail quietly on the
 * zero balance (the caller could carry on), so the value is checked before the opcode's own gas
 * function, through custom opcodes that reuse the hardfork's gas and logic functions unchanged.
 */
import type { Common } from '@ethereumjs/common'
import { type EVMOpts, getOpcodesForHF } from '@ethereumjs/evm'
import { RaceteeError } from '@racetee/protocol'
import { refuseValue } from './engineSignals.js'

type CustomOpcode = NonNullable<EVMOpts['customOpcodes']>[number]
type AddOpcode = Extract<CustomOpcode, { logicFunction: unknown }>
type GasFunction = NonNullable<AddOpcode['gasFunction']>

/** Opcode and the stack index of its value argument. */
const VALUE_OPCODES: readonly (readonly [opcode: number, valueIndex: number])[] = [
  [0xf0, 0], // CREATE(value, offset, size)
  [0xf1, 2], // CALL(gas, to, value, ...)
  [0xf2, 2], // CALLCODE(gas, to, value, ...)
  [0xf5, 0], // CREATE2(value, offset, size, salt)
]

export function valueRefusingOpcodes(common: Common): AddOpcode[] {
  const base = getOpcodesForHF(common)
  return VALUE_OPCODES.map(([opcode, valueIndex]) => {
    const info = base.opcodes.get(opcode)
    const gas = base.dynamicGasHandlers.get(opcode)
    const logic = base.handlers.get(opcode)
    if (info === undefined || gas === undefined || logic === undefined) {
      throw new RaceteeError('ENGINE_INTERNAL', 'Hardfork lacks a value-carrying opcode', {
        details: `0x${opcode.toString(16)}`,
      })
    }
    const gasFunction = ((runState, fee, c) => {
      if (runState.stack.peek(valueIndex + 1)[valueIndex] !== 0n) refuseValue()
      return gas(runState, fee, c)
    }) as GasFunction
    return { opcode, opcodeName: info.name, baseFee: info.fee, gasFunction, logicFunction: logic }
  })
}

/**
 * Maps an EVM result to the engine's outcome (house style: halts are data, never thrown).
 */
import { EVMError, type EVMResult } from '@ethereumjs/evm'
import { bytesToHex } from '@ethereumjs/util'
import { type ResultStatus, resultStatus } from '@racetee/protocol'
import type { ExecutionLog, ExecutionOutcome } from './types.js'

const OUT_OF_GAS: ReadonlySet<string> = new Set([
  EVMError.errorMessages.OUT_OF_GAS,
  EVMError.errorMessages.CODESTORE_OUT_OF_GAS,
])

export function statusOf(result: EVMResult): ResultStatus {
  const error = result.execResult.exceptionError
  if (error === undefined) return resultStatus.success
  if (error.error === EVMError.errorMessages.REVERT) return resultStatus.reverted
  return OUT_OF_GAS.has(error.error) ? resultStatus.outOfGas : resultStatus.evmHalt
}

export function logsOf(result: EVMResult): ExecutionLog[] {
  return (result.execResult.logs ?? []).map(([address, topics, data]) => ({
    address: bytesToHex(address),
    topics: topics.map((topic) => bytesToHex(topic)),
    data: bytesToHex(data),
  }))
}

/** An outcome without execution output (refusals, invalid gas limits). */
export function bareOutcome(status: ResultStatus, gasUsed: bigint): ExecutionOutcome {
  return { status, gasUsed, returnData: new Uint8Array(0), logs: [] }
}

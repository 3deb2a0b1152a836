/**
 * `ResultV1` plaintext (P4): `0x01 ‖ abi(uint8 status, uint64 gasUsed, bytes returnData, Log[] logs)`,
 * `Log = (address emitter, bytes32[] topics, bytes data)`. Encoded unpadded here; the sealer pads
 * it to the program's result bucket. Field names follow the engine's `ExecutionOutcome` so an
 * outcome can be encoded as it is.
 */
import { type Address, bytesToHex, encodeAbiParameters, type Hex, hexToBytes } from 'viem'
import { type ResultStatus, resultStatus } from '../constants/resultStatus.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { stripVersion, withVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type ResultLog = { address: Address; topics: Hex[]; data: Hex }

export type ResultV1 = {
  status: ResultStatus
  gasUsed: bigint
  returnData: Uint8Array
  logs: ResultLog[]
}

const resultV1Abi = [
  { type: 'uint8' },
  { type: 'uint64' },
  { type: 'bytes' },
  {
    type: 'tuple[]',
    components: [
      { name: 'emitter', type: 'address' },
      { name: 'topics', type: 'bytes32[]' },
      { name: 'data', type: 'bytes' },
    ],
  },
] as const

const knownStatuses = new Set<number>(Object.values(resultStatus))

export function encodeResultV1(result: ResultV1): Uint8Array {
  const logs = result.logs.map((log) => ({ emitter: log.address, topics: log.topics, data: log.data }))
  return withVersion(
    hexToBytes(
      encodeAbiParameters(resultV1Abi, [result.status, result.gasUsed, bytesToHex(result.returnData), logs]),
    ),
  )
}

export function decodeResultV1(bytes: Uint8Array): ResultV1 {
  const [status, gasUsed, returnData, logs] = decodeAbiStrict(
    resultV1Abi,
    stripVersion(bytes, 'ResultV1'),
    'ResultV1',
  )
  if (!knownStatuses.has(status))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'ResultV1 has an unknown status.', {
      details: `status ${status}`,
    })
  return {
    status: status as ResultStatus,
    gasUsed,
    returnData: hexToBytes(returnData),
    logs: logs.map((log) => ({ address: log.emitter, topics: [...log.topics], data: log.data })),
  }
}

/**
 * `ResultV1` plaintext (P4): `0x01 ‖ abi(uint8 status, uint64 gasUsed, bytes returnData, Log[] logs)`,
 * `Log = (address emitter, bytes32[] topics, bytes data)`. Encoded unpadded here; the sealer pads
 * it to the program's result bucket. Field names follow the engine's `ExecutionOutcome` so an
 * outcome can be encoded as it is.
 */
import { type Address, type Hex, hexToBytes, isHex } from 'viem'
import { type ResultStatus, resultStatus } from '../constants/resultStatus.js'
import {
  ABI_WORD,
  abiBytesSize,
  strictHexBytes,
  writeAddressWord,
  writeBytesTail,
  writeUintWord,
} from '../encoding/abiWords.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { PROTOCOL_VERSION, stripVersion } from '../encoding/version.js'
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

/**
 * `0x01 ‖ abi(status, gasUsed, returnData, logs)`, written word by word (abiWords.ts): the
 * bytes viem's `encodeAbiParameters(resultV1Abi, …)` gives, without hex strings (one result
 * per request on the enclave's hot path). Each log is `emitter, 0x60, offset of data,
 * len(topics), topics…, len(data), data‖pad`.
 */
export function encodeResultV1(result: ResultV1): Uint8Array {
  const { returnData } = result
  if (!(returnData instanceof Uint8Array)) throw new TypeError('returnData must be a Uint8Array')
  const logs = result.logs.map((log, i) => ({
    emitter: log.address,
    topics: log.topics.map((t, j) => {
      const topic = strictHexBytes(t, `logs[${i}].topics[${j}]`)
      if (topic.length !== ABI_WORD) throw new RangeError(`logs[${i}].topics[${j}] must be 32 bytes`)
      return topic
    }),
    data: anyHexBytes(log.data, `logs[${i}].data`),
  }))
  const logSize = (log: (typeof logs)[number]) =>
    3 * ABI_WORD + ABI_WORD * (1 + log.topics.length) + abiBytesSize(log.data.length)
  const head = 1 + 4 * ABI_WORD
  const logsAt = head + abiBytesSize(returnData.length)
  const elements = logsAt + ABI_WORD
  let size = elements + ABI_WORD * logs.length
  for (const log of logs) size += logSize(log)
  const out = new Uint8Array(size)
  out[0] = PROTOCOL_VERSION
  writeUintWord(out, 1, result.status, 8, 'status')
  writeUintWord(out, 1 + ABI_WORD, result.gasUsed, 64, 'gasUsed')
  writeUintWord(out, 1 + 2 * ABI_WORD, head - 1, 256, 'offset')
  writeUintWord(out, 1 + 3 * ABI_WORD, logsAt - 1, 256, 'offset')
  writeBytesTail(out, head, returnData)
  writeUintWord(out, logsAt, logs.length, 256, 'logs.length')
  let at = elements + ABI_WORD * logs.length
  logs.forEach((log, i) => {
    writeUintWord(out, elements + ABI_WORD * i, at - elements, 256, 'offset')
    writeAddressWord(out, at, log.emitter, `logs[${i}].address`)
    const topicsAt = 3 * ABI_WORD
    const dataAt = topicsAt + ABI_WORD * (1 + log.topics.length)
    writeUintWord(out, at + ABI_WORD, topicsAt, 256, 'offset')
    writeUintWord(out, at + 2 * ABI_WORD, dataAt, 256, 'offset')
    writeUintWord(out, at + topicsAt, log.topics.length, 256, 'topics.length')
    log.topics.forEach((topic, j) => {
      out.set(topic, at + topicsAt + ABI_WORD * (1 + j))
    })
    at = writeBytesTail(out, at + dataAt, log.data)
  })
  return out
}

/** `bytes` given as hex: an odd digit count is left-padded with a zero, as viem encodes it. */
function anyHexBytes(value: Hex, name: string): Uint8Array {
  if (typeof value !== 'string' || !isHex(value, { strict: true }))
    throw new TypeError(`${name} must be 0x-prefixed hex`)
  return hexToBytes(value)
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

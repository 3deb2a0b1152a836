/**
 * The answer to a read (P8): `ReadAnswerV1 = 0x01 ‖ abi(uint8 status, bytes returnData, bytes32
 * commitId, uint64 toSeq)`, padded and sealed to the query; `(commitId, toSeq)` let the client
 * reject a stale answer (D7). The enclave signs EIP-712 `ReadAnswer`.
 */
import { bytesToHex, encodeAbiParameters, type Hex, hashTypedData, hexToBytes } from 'viem'
import { type ResultStatus, resultStatus } from '../constants/resultStatus.js'
import { type RaceteeDomain, readAnswerTypes } from '../eip712/types.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { stripVersion, withVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type ReadAnswerV1 = { status: ResultStatus; returnData: Uint8Array; commitId: Hex; toSeq: bigint }

/** What the enclave signs: hashes of the query envelope and the sealed answer, and the state it used. */
export type ReadAnswer = { queryHash: Hex; answerHash: Hex; commitId: Hex; toSeq: bigint }

const readAnswerAbi = [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes32' }, { type: 'uint64' }] as const
const knownStatuses = new Set<number>(Object.values(resultStatus))

export function encodeReadAnswerV1(answer: ReadAnswerV1): Uint8Array {
  return withVersion(
    hexToBytes(
      encodeAbiParameters(readAnswerAbi, [
        answer.status,
        bytesToHex(answer.returnData),
        answer.commitId,
        answer.toSeq,
      ]),
    ),
  )
}

export function decodeReadAnswerV1(bytes: Uint8Array): ReadAnswerV1 {
  const [status, returnData, commitId, toSeq] = decodeAbiStrict(
    readAnswerAbi,
    stripVersion(bytes, 'ReadAnswerV1'),
    'ReadAnswerV1',
  )
  if (!knownStatuses.has(status))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'ReadAnswerV1 has an unknown status.', {
      details: `status ${status}`,
    })
  return { status: status as ResultStatus, returnData: hexToBytes(returnData), commitId, toSeq }
}

export function readAnswerSigningHash(domain: RaceteeDomain, answer: ReadAnswer): Hex {
  return hashTypedData({ domain, types: readAnswerTypes, primaryType: 'ReadAnswer', message: answer })
}

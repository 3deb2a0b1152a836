/**
 * The client side of P8: the query envelope (as P3, `info = readInfo(...)`, empty aad) over the
 * body `abi(ReadQuery, signature)`, and the answer key `Export("racetee/v1/read-answer", 32)`.
 *
 * Secrets: the returned `answerKey`; the caller wipes it once the answer is opened.
 */
import type { Address } from 'viem'
import { protocolLabels } from '../encoding/labelBytes.js'
import { readInfo } from '../envelope/hpkeInfo.js'
import { sealEnvelope } from '../envelope/sealEnvelope.js'
import { DEFAULT_BUCKET_MIN } from '../padding/padToBucket.js'
import { encodeReadQueryBody, type ReadQueryBody } from './readQuery.js'

export type SealReadQueryParameters = {
  recipientPublicKey: Uint8Array | `0x${string}`
  chainId: bigint | number
  mc: Address
  /** The signed query; its `epoch` names the key the envelope is sealed to. */
  body: ReadQueryBody
  minBucket?: number
}

export async function sealReadQuery(
  parameters: SealReadQueryParameters,
): Promise<{ envelope: Uint8Array; answerKey: Uint8Array }> {
  const { chainId, mc, body } = parameters
  const { envelope, exported } = await sealEnvelope({
    recipientPublicKey: parameters.recipientPublicKey,
    info: readInfo(chainId, mc, body.query.epoch),
    aad: new Uint8Array(0),
    body: encodeReadQueryBody(body),
    minBucket: parameters.minBucket ?? DEFAULT_BUCKET_MIN,
    exporterLabel: protocolLabels.readAnswer,
  })
  return { envelope, answerKey: exported }
}

/**
 * Opens one request's envelope and decodes its body (P3, D4 "Requests"). The three envelope
 * outcomes of P3 map to: public `envelopeInvalid` (no result key), a sealed error result
 * (`decryptFailed`, `malformedRequest`), or a decoded body ready to execute.
 *
 * SECRET: `resultBase` and decoded bodies. The caller wipes `resultBase` after sealing the
 * result; the padded plaintext is wiped here once decoded.
 */
import {
  type AclBody,
  DEFAULT_BUCKET_MIN,
  type DeployBody,
  decodeAclBody,
  decodeDeployBody,
  isBucketLength,
  isRaceteeError,
  parseRequestEnvelope,
  REQUEST_BUCKET_COUNT,
  type RequestKind,
  requestAad,
  requestInfo,
  requestKinds,
  resultStatus,
  unpad,
} from '@racetee/protocol'
import { type Address, hexToBytes } from 'viem'
import type { RequestEnvelopeOpener } from '../crypto/hpkeOpen.js'
import type { BatchRequest } from './types.js'

export type OpenedRequest =
  | { kind: 'envelopeInvalid' }
  | {
      kind: 'failed'
      status: typeof resultStatus.decryptFailed | typeof resultStatus.malformedRequest
      resultBase: Uint8Array
    }
  | { kind: 'call'; data: Uint8Array; resultBase: Uint8Array }
  | { kind: 'deploy'; body: DeployBody; resultBase: Uint8Array }
  | { kind: 'acl'; body: AclBody; resultBase: Uint8Array }

export async function openRequest(parameters: {
  request: BatchRequest
  opener: RequestEnvelopeOpener
  chainId: bigint
  mc: Address
  /** `requestInfo(chainId, mc, request.epoch)` when the caller holds it (one per epoch, not per request). */
  info?: Uint8Array | undefined
}): Promise<OpenedRequest> {
  const { request, opener, chainId, mc } = parameters
  let envelope: ReturnType<typeof parseRequestEnvelope>
  try {
    envelope = parseRequestEnvelope(hexToBytes(request.payload))
  } catch (err) {
    if (isRaceteeError(err)) return { kind: 'envelopeInvalid' }
    throw err
  }
  const kind = request.kind as RequestKind
  const opened = await opener.open({
    enc: envelope.enc,
    ciphertext: envelope.ciphertext,
    info: parameters.info ?? requestInfo(chainId, mc, request.epoch),
    aad: requestAad(request.program, request.caller, kind),
  })
  if (opened.kind !== 'opened')
    return opened.kind === 'envelopeInvalid'
      ? opened
      : { kind: 'failed', status: resultStatus.decryptFailed, resultBase: opened.resultBase }

  const { plaintext, resultBase } = opened
  try {
    const body = unpad(plaintext, DEFAULT_BUCKET_MIN, REQUEST_BUCKET_COUNT)
    switch (kind) {
      case requestKinds.call:
        return { kind: 'call', data: body, resultBase }
      case requestKinds.deploy: {
        const deploy = decodeDeployBody(body)
        const { resultBucketMin, pageBucketMin } = deploy.config
        // A bucket minimum is 0 (the default) or a request bucket, 128 · 2^i up to 128 KiB: a
        // minimum in the gigabytes would make every enclave fail to allocate its results or
        // pages, a fault on every retry that would halt the chain (D5 "Faults are not outcomes").
        if (!isBucketMin(resultBucketMin) || !isBucketMin(pageBucketMin))
          return { kind: 'failed', status: resultStatus.malformedRequest, resultBase }
        return { kind: 'deploy', body: deploy, resultBase }
      }
      case requestKinds.acl:
        return { kind: 'acl', body: decodeAclBody(body), resultBase }
      default:
        return { kind: 'failed', status: resultStatus.malformedRequest, resultBase }
    }
  } catch (err) {
    // A body that does not unpad or decode is the sender's mistake: an outcome, not a fault.
    if (isRaceteeError(err)) return { kind: 'failed', status: resultStatus.malformedRequest, resultBase }
    throw err
  } finally {
    plaintext.fill(0)
  }
}

function isBucketMin(configured: number): boolean {
  return configured === 0 || isBucketLength(configured, DEFAULT_BUCKET_MIN, REQUEST_BUCKET_COUNT)
}

/**
 * The text form of a `SecretRecord`, for stores that keep records as files or strings (the
 * file store, a browser's storage): JSON with hex strings and a version, checked field by
 * field when read back.
 *
 * Secrets: the text holds `resultBase` in hex and is SECRET as a whole. Parse failures are
 * reported without the input and without the JSON parser's error as cause, because the
 * parser's message quotes the text it choked on.
 */
import {
  errorCodes,
  RaceteeError,
  RESULT_BASE_LENGTH,
  type RequestKind,
  requestKinds,
} from '@racetee/protocol'
import { bytesToHex, getAddress, type Hex, hexToBytes, isAddress, isHex } from 'viem'
import type { SecretRecord } from './SecretStore.js'

const RECORD_VERSION = 1
const knownKinds = new Set<number>([requestKinds.call, requestKinds.deploy, requestKinds.acl])

/** SECRET output: the record as JSON text. */
export function encodeSecretRecord(record: SecretRecord): string {
  return JSON.stringify({
    v: RECORD_VERSION,
    resultBase: bytesToHex(record.resultBase),
    chainId: record.chainId.toString(),
    mc: record.mc,
    program: record.program,
    kind: record.kind,
    caller: record.caller,
    envelopeHash: record.envelopeHash,
  })
}

/** Parses what `encodeSecretRecord` wrote; SDK_SECRET_STORE_FAILED naming only `key` otherwise. */
export function decodeSecretRecord(text: string, key: string): SecretRecord {
  const fail = (what: string): never => {
    throw new RaceteeError(errorCodes.SDK_SECRET_STORE_FAILED, 'Stored secret record is unreadable.', {
      details: `${key}: ${what}`,
    })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return fail('not JSON')
  }
  if (typeof raw !== 'object' || raw === null) return fail('not an object')
  const r = raw as Record<string, unknown>
  if (r.v !== RECORD_VERSION) return fail('unknown version')
  const hex = (name: string, bytes: number): Hex => {
    const value = r[name]
    if (!isHex(value, { strict: true }) || value.length !== 2 + 2 * bytes) return fail(`bad ${name}`)
    return value
  }
  const address = (name: string) => {
    const value = r[name]
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) return fail(`bad ${name}`)
    return getAddress(value)
  }
  if (typeof r.chainId !== 'string' || !/^[0-9]{1,78}$/.test(r.chainId)) return fail('bad chainId')
  if (typeof r.kind !== 'number' || !knownKinds.has(r.kind)) return fail('bad kind')
  return {
    resultBase: hexToBytes(hex('resultBase', RESULT_BASE_LENGTH)),
    chainId: BigInt(r.chainId),
    mc: address('mc'),
    program: address('program'),
    kind: r.kind as RequestKind,
    caller: address('caller'),
    envelopeHash: hex('envelopeHash', 32),
  }
}

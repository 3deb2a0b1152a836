/**
 * Finds one request's entry in a results bundle and opens it (D4 "Results", P4): the entry of
 * `seq`, checked to be for the expected program, decrypted with the key derived from the
 * request's `resultBase`. Execution outcomes are data (house style): a revert is a status in
 * the return, never a throw; `envelopeInvalid` (P3) is the one public status and has no
 * sealed result at all.
 *
 * Secrets: `resultBase` is the caller's (wiped by the caller); the returned result is the
 * caller's own plaintext. Errors name seq, program and sizes only.
 */
import {
  bundleEntryStatus,
  decodeResultsBundle,
  errorCodes,
  openResult,
  RaceteeError,
  type ResultLog,
  type ResultStatusName,
  resultStatus,
} from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, isAddressEqual } from 'viem'

/** A status name of P1, or `envelopeInvalid` when no result could be sealed (P3). */
export type RequestStatus = ResultStatusName | 'envelopeInvalid'

export type OpenedResult = {
  status: RequestStatus
  gasUsed: bigint
  returnData: Hex
  logs: ResultLog[]
}

export type OpenBundleResultParameters = {
  bundle: Uint8Array
  seq: bigint
  program: Address
  chainId: bigint
  mc: Address
  /** SECRET, from the secret store. */
  resultBase: Uint8Array
}

const statusNames = new Map<number, ResultStatusName>(
  Object.entries(resultStatus).map(([name, code]) => [code, name as ResultStatusName]),
)

export function openBundleResult(parameters: OpenBundleResultParameters): OpenedResult {
  const { seq, program, chainId, mc, resultBase } = parameters
  const entry = decodeResultsBundle(parameters.bundle).find((e) => e.seq === seq)
  if (!entry || !isAddressEqual(entry.program, program))
    throw new RaceteeError(
      errorCodes.SDK_RESULT_UNAVAILABLE,
      'The results bundle has no entry for the request.',
      {
        details: entry ? `seq ${seq} is for ${entry.program}, not ${program}` : `seq ${seq}`,
      },
    )
  if (entry.status === bundleEntryStatus.envelopeInvalid)
    return { status: 'envelopeInvalid', gasUsed: 0n, returnData: '0x', logs: [] }
  const result = openResult({
    resultBase,
    seq,
    acc: entry.acc,
    chainId,
    mc,
    program: entry.program,
    sealed: entry.sealed,
  })
  try {
    return {
      status: statusNames.get(result.status)!,
      gasUsed: result.gasUsed,
      returnData: bytesToHex(result.returnData),
      logs: result.logs,
    }
  } finally {
    result.returnData.fill(0)
  }
}

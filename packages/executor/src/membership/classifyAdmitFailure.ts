/**
 * What a failed admission attempt means for the admitting executor (D3.1):
 * - `refused`: its enclave would not sign, because the newcomer's evidence does not verify under
 *   its policy (unverifiable, bound to other keys, disallowed measurement). Only a new
 *   registration can change that, so the newcomer is not retried until it registers again.
 * - `lostRace`: the chain moved under us (another admitter was first, or admitted someone else
 *   and bumped `registryVersion`, or the epoch rotated). Not an error: re-read and go on.
 * - `fault`: anything else (RPC down, the enclave not holding the proven epoch yet): try later.
 */
import { errorCodes, isRaceteeError } from '@racetee/protocol'
import { BaseError, ContractFunctionRevertedError } from 'viem'

export type AdmitFailure =
  | { kind: 'refused'; code: string; details: string | undefined }
  | { kind: 'lostRace'; reason: string }
  | { kind: 'fault'; code: string; details: string | undefined }

/** MC errors (ExecutorRegistry.sol) that mean another transaction changed the registry first. */
const LOST_RACE_ERRORS: ReadonlySet<string> = new Set(['WrongRegistryVersion', 'NotPending', 'WrongEpoch'])

export function classifyAdmitFailure(err: unknown): AdmitFailure {
  if (isRaceteeError(err, errorCodes.ENCLAVE_ATTESTATION_INVALID))
    return { kind: 'refused', code: err.code, details: err.details }
  // A mined `admit` that reverted: it passed estimation, so a transaction in the same block
  // changed the registry first (confirmTransaction reports it as CHAIN_CONTRACT_REVERT).
  if (isRaceteeError(err, errorCodes.CHAIN_CONTRACT_REVERT))
    return { kind: 'lostRace', reason: 'reverted on chain' }
  if (isRaceteeError(err)) return { kind: 'fault', code: err.code, details: err.details }
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError)
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
    if (name !== undefined && LOST_RACE_ERRORS.has(name)) return { kind: 'lostRace', reason: name }
    if (reverted) return { kind: 'fault', code: errorCodes.CHAIN_CONTRACT_REVERT, details: name }
    // viem's short messages name the failure (HTTP, timeout), never call arguments.
    return { kind: 'fault', code: errorCodes.CHAIN_RPC_FAILED, details: err.shortMessage.slice(0, 200) }
  }
  return { kind: 'fault', code: 'UNEXPECTED', details: (err as Error | null)?.name }
}

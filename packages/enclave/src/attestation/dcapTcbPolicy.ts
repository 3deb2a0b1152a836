/**
 * The TCB part of a DCAP attestation policy (design D2): which Intel TCB statuses and security
 * advisories a deployment accepts. Statuses are ranked from best to worst so a policy can name a
 * minimum; `Revoked` and `Unknown` are never acceptable, whatever the policy says.
 * @module
 */
import type { TcbStatus } from '@phala/dcap-qvl'

export type DcapTcbStatus = TcbStatus

/** Best first. A "minimum" accepts its own rank and every better one. */
export const dcapTcbStatusRanking: readonly DcapTcbStatus[] = [
  'UpToDate',
  'SWHardeningNeeded',
  'ConfigurationNeeded',
  'ConfigurationAndSWHardeningNeeded',
  'OutOfDate',
  'OutOfDateConfigurationNeeded',
]

export type DcapTcbPolicy = {
  /** Worst status still accepted. With neither this nor `allowedTcbStatuses`, only `UpToDate`. */
  minimumTcbStatus?: DcapTcbStatus
  /** Statuses accepted; with `minimumTcbStatus` as well, a status must satisfy both. */
  allowedTcbStatuses?: readonly DcapTcbStatus[]
  /** Advisory ids (e.g. `INTEL-SA-00615`) accepted; when given, every reported one must be listed. */
  allowedAdvisories?: readonly string[]
}

/** Why the TCB part of the policy refused; `undefined` when it accepts. */
export function tcbPolicyRefusal(
  policy: DcapTcbPolicy,
  status: string,
  advisories: readonly string[],
): { reason: 'tcb' | 'advisoryNotAllowed'; details: string } | undefined {
  const rank = dcapTcbStatusRanking.indexOf(status as DcapTcbStatus)
  if (rank < 0) return { reason: 'tcb', details: `status ${status} is never accepted` }
  const { minimumTcbStatus, allowedTcbStatuses } = policy
  if (minimumTcbStatus !== undefined || allowedTcbStatuses !== undefined) {
    if (minimumTcbStatus !== undefined && rank > rankOf(minimumTcbStatus, 'minimumTcbStatus'))
      return { reason: 'tcb', details: `status ${status} is below ${minimumTcbStatus}` }
    if (allowedTcbStatuses !== undefined && !allowedTcbStatuses.includes(status as DcapTcbStatus))
      return { reason: 'tcb', details: `status ${status} is not allowed` }
  } else if (status !== 'UpToDate') {
    return { reason: 'tcb', details: `status ${status} is not UpToDate` }
  }
  if (policy.allowedAdvisories !== undefined) {
    const allowed = new Set(policy.allowedAdvisories.map((id) => id.toUpperCase()))
    const refused = advisories.filter((id) => !allowed.has(id.toUpperCase()))
    if (refused.length > 0)
      return { reason: 'advisoryNotAllowed', details: `advisories ${refused.join(', ')}` }
  }
  return undefined
}

function rankOf(status: DcapTcbStatus, name: string): number {
  const rank = dcapTcbStatusRanking.indexOf(status)
  if (rank < 0) throw new RangeError(`${name} must be one of ${dcapTcbStatusRanking.join(', ')}`)
  return rank
}

import { describe, expect, it } from 'vitest'
import { tcbPolicyRefusal } from './dcapTcbPolicy.js'

describe('tcbPolicyRefusal', () => {
  it('accepts a status at or above the minimum', () => {
    const policy = { minimumTcbStatus: 'ConfigurationNeeded' } as const
    expect(tcbPolicyRefusal(policy, 'UpToDate', [])).toBeUndefined()
    expect(tcbPolicyRefusal(policy, 'ConfigurationNeeded', [])).toBeUndefined()
    expect(tcbPolicyRefusal(policy, 'ConfigurationAndSWHardeningNeeded', [])?.reason).toBe('tcb')
  })

  it('behavior: with no TCB rule only UpToDate passes', () => {
    expect(tcbPolicyRefusal({}, 'UpToDate', [])).toBeUndefined()
    expect(tcbPolicyRefusal({}, 'SWHardeningNeeded', [])?.reason).toBe('tcb')
  })

  it('behavior: an allowed list and a minimum must both hold', () => {
    const policy = { minimumTcbStatus: 'OutOfDate', allowedTcbStatuses: ['UpToDate', 'OutOfDate'] } as const
    expect(tcbPolicyRefusal(policy, 'OutOfDate', [])).toBeUndefined()
    expect(tcbPolicyRefusal(policy, 'SWHardeningNeeded', [])?.reason).toBe('tcb')
  })

  it('behavior: advisories are checked only when the policy lists them, case-insensitively', () => {
    const status = 'UpToDate'
    expect(tcbPolicyRefusal({}, status, ['INTEL-SA-00615'])).toBeUndefined()
    expect(
      tcbPolicyRefusal({ allowedAdvisories: ['intel-sa-00615'] }, status, ['INTEL-SA-00615']),
    ).toBeUndefined()
    expect(tcbPolicyRefusal({ allowedAdvisories: [] }, status, ['INTEL-SA-00615'])).toEqual({
      reason: 'advisoryNotAllowed',
      details: 'advisories INTEL-SA-00615',
    })
  })

  it('error: Revoked and Unknown are refused whatever the policy says', () => {
    const policy = { allowedTcbStatuses: ['Revoked', 'Unknown'] } as const
    expect(tcbPolicyRefusal(policy, 'Revoked', [])?.reason).toBe('tcb')
    expect(tcbPolicyRefusal(policy, 'Unknown', [])?.reason).toBe('tcb')
  })

  it('error: a minimum that is not a known status is a RangeError', () => {
    expect(() => tcbPolicyRefusal({ minimumTcbStatus: 'Revoked' }, 'UpToDate', [])).toThrow(RangeError)
  })
})

import { isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { assertSuccess } from './assertSuccess.js'

describe('assertSuccess', () => {
  it('lets a success through and narrows its status', () => {
    const result = { status: 'success' as const, seq: 3n, returnData: '0x01' }
    assertSuccess(result)
    expect(result.status).toBe('success')
  })

  it('error: any other status is SDK_EXECUTION_FAILED carrying the status name and seq, not the data', () => {
    const secret = 'deadbeefcafe'
    const err = (() => {
      try {
        assertSuccess({ status: 'reverted', seq: 9n, returnData: `0x${secret}` })
      } catch (e) {
        return e as RaceteeError
      }
    })()
    expect(isRaceteeError(err, 'SDK_EXECUTION_FAILED')).toBe(true)
    expect(err!.details).toBe('status reverted, seq 9')
    expect(err!.message).not.toContain(secret)
  })
})

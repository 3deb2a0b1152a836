import { Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { describe, expect, it } from 'vitest'
import { engineCommon } from './createEngineEvm.js'
import { indexActivatedEips } from './indexActivatedEips.js'

/** Common's own answer, from its prototype (the array scan). */
const reference = (common: Common, eip: number): boolean => Common.prototype.isActivatedEIP.call(common, eip)

describe('indexActivatedEips', () => {
  it('answers as Common does for every EIP number, on the engine common', () => {
    const common = engineCommon(31337n)
    expect(common.isActivatedEIP).not.toBe(Common.prototype.isActivatedEIP)
    for (let eip = 0; eip <= 10_000; eip++) expect(common.isActivatedEIP(eip)).toBe(reference(common, eip))
    expect(common.isActivatedEIP(7623)).toBe(true)
  })

  it('behavior: follows a hardfork change and added EIPs', () => {
    const common = indexActivatedEips(
      createCustomCommon({ chainId: '1' }, Mainnet, { hardfork: Hardfork.Osaka }),
    )
    expect(common.isActivatedEIP(7939)).toBe(true)
    common.setHardfork(Hardfork.London)
    expect(common.isActivatedEIP(7939)).toBe(false)
    expect(common.isActivatedEIP(3529)).toBe(reference(common, 3529))
    common.setEIPs([3860])
    for (let eip = 0; eip <= 10_000; eip++) expect(common.isActivatedEIP(eip)).toBe(reference(common, eip))
  })

  it('error: refuses an object without the EIP cache', () => {
    expect(() => indexActivatedEips({} as Common)).toThrow(TypeError)
  })
})

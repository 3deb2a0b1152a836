import { availabilitySigningHash, raceteeDomain } from '@racetee/protocol'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount, sign } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { availabilitySigners } from './availabilitySigners.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
const domain = raceteeDomain(31337, mc)
const word = (b: string) => `0x${b.repeat(32)}` as Hex
const availability = { prevCommit: word('01'), blobsRoot: word('06') }
const keys = [word('a1'), word('b2')]

const confirm = (key: Hex, what = availability) =>
  sign({ hash: availabilitySigningHash(domain, what), privateKey: key, to: 'hex' })

describe('availabilitySigners', () => {
  it('recovers each storage node that confirmed the batch, in order', async () => {
    const signatures = await Promise.all(keys.map((k) => confirm(k)))
    expect(await availabilitySigners(domain, availability, signatures)).toEqual(
      keys.map((k) => privateKeyToAccount(k).address),
    )
  })

  it('behavior: a confirmation of another batch recovers to someone else (the digest binds the batch)', async () => {
    const other = await confirm(keys[0]!, { ...availability, blobsRoot: word('07') })
    expect(await availabilitySigners(domain, availability, [other])).not.toContain(
      privateKeyToAccount(keys[0]!).address,
    )
  })

  it('behavior: the domain binds the deployment', async () => {
    const signature = await confirm(keys[0]!)
    const elsewhere = raceteeDomain(1, mc)
    expect(await availabilitySigners(elsewhere, availability, [signature])).not.toContain(
      privateKeyToAccount(keys[0]!).address,
    )
  })

  it('error: a signature that does not parse is skipped, the others still count', async () => {
    const good = await confirm(keys[1]!)
    expect(await availabilitySigners(domain, availability, ['0xdead', good])).toEqual([
      privateKeyToAccount(keys[1]!).address,
    ])
  })
})

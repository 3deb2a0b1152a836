import { availabilitySigningHash, raceteeDomain } from '@racetee/protocol'
import { keccak256, recoverAddress, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { createAvailabilitySigner } from './availabilitySigner.js'

const mc = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const account = privateKeyToAccount(generatePrivateKey())
const availability = { prevCommit: keccak256(toHex('prev')), blobsRoot: keccak256(toHex('root')) }

describe('createAvailabilitySigner', () => {
  it("signs protocol's Availability hash in the deployment's domain", async () => {
    const signer = createAvailabilitySigner({ account, chainId: 31337n, mc })
    expect(signer.address).toBe(account.address)
    const signature = await signer.sign(availability)
    const hash = availabilitySigningHash(raceteeDomain(31337n, mc), availability)
    expect(await recoverAddress({ hash, signature })).toBe(account.address)
  })

  it('behavior: the same Availability always gets the same signature (idempotent stores)', async () => {
    const signer = createAvailabilitySigner({ account, chainId: 31337n, mc })
    expect(await signer.sign(availability)).toBe(await signer.sign({ ...availability }))
  })

  it('error: a confirmation is bound to its chain and MC', async () => {
    const signature = await createAvailabilitySigner({ account, chainId: 1n, mc }).sign(availability)
    const hash = availabilitySigningHash(raceteeDomain(31337n, mc), availability)
    expect(await recoverAddress({ hash, signature })).not.toBe(account.address)
  })
})

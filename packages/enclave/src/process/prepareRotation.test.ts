import { compareHex, raceteeDomain, rotationSigningHash } from '@racetee/protocol'
import { type Address, getAddress, type Hex, recoverAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import { acceptProvisioning } from './acceptProvisioning.js'
import { prepareRotation } from './prepareRotation.js'
import { fakeChainView } from './test/fakeChainView.js'

const chainId = 31337n
const mc = '0x00000000000000000000000000000000000000cc' as const

/** Three members (the rotating enclave first) and one revoked enclave, at block 100. */
function world(overrides: Parameters<typeof fakeChainView>[0] extends infer P ? Partial<P> : never = {}) {
  const members = [EnclaveIdentity.generate(), EnclaveIdentity.generate(), EnclaveIdentity.generate()]
  const revoked = EnclaveIdentity.generate()
  const enclaves = new Map<Address, { encryptionKey: Hex; admittedFrom: bigint; revokedAt: bigint }>()
  for (const m of members)
    enclaves.set(m.address, { encryptionKey: m.encryptionKeyHex, admittedFrom: 5n, revokedAt: 0n })
  enclaves.set(revoked.address, { encryptionKey: revoked.encryptionKeyHex, admittedFrom: 5n, revokedAt: 90n })
  const view = (requestPublicKeys = new Map<bigint, Hex>()) =>
    fakeChainView({
      number: 100n,
      epoch: 3n,
      rotationBlock: 60n,
      epochLength: 1_000n,
      requestPublicKeys,
      registry: { version: 9n, memberCount: 3n, lastRevocationBlock: 90n },
      enclaves,
      ...overrides,
    })
  return { members, revoked, view }
}

describe('prepareRotation', () => {
  it('after a revocation, grants E_4 to every member and to nobody else; each member accepts its grant', async () => {
    const { members, revoked, view } = world()
    const [self] = members
    const { rotation, signature } = await prepareRotation({
      chainId,
      mc,
      identity: self!,
      view: view(),
      call: { atBlock: 100n, members: members.map((m) => m.address).reverse() },
    })
    expect(rotation.epoch).toBe(4n)
    expect(rotation.registryVersion).toBe(9n)
    expect(rotation.grants.map((g) => g.enclave)).toEqual(
      members.map((m) => getAddress(m.address)).sort(compareHex),
    )
    expect(rotation.grants.map((g) => g.enclave)).not.toContain(revoked.address)
    const hash = rotationSigningHash(raceteeDomain(chainId, mc), rotation)
    expect(await recoverAddress({ hash, signature })).toBe(self!.address)

    // Every member opens its own grant to the same E_4, checked against the proven request key.
    const keys = new Map([[4n, rotation.requestPublicKey]])
    const held: Hex[] = []
    for (const member of members) {
      const keyring = new EpochKeyring()
      const grant = rotation.grants.find((g) => g.enclave === member.address)!
      const added = await acceptProvisioning({
        chainId,
        mc,
        identity: member,
        keyring,
        view: view(keys),
        call: { atBlock: 101n, epoch: 4n, epochSecret: grant.sealedSecret, prevEpochSecret: '0x' },
      })
      expect(added).toEqual([4n])
      held.push(`0x${Buffer.from(keyring.exportSecret(4n)).toString('hex')}`)
    }
    expect(new Set(held).size).toBe(1)
    // The revoked enclave cannot open any member's grant (backward secrecy, D4).
    for (const grant of rotation.grants)
      await expect(
        acceptProvisioning({
          chainId,
          mc,
          identity: revoked,
          keyring: new EpochKeyring(),
          view: view(keys),
          call: { atBlock: 101n, epoch: 4n, epochSecret: grant.sealedSecret, prevEpochSecret: '0x' },
        }),
      ).rejects.toMatchObject({ code: 'ENCLAVE_PROVISIONING_INVALID' })
  })

  it('behavior: due E blocks after the epoch began, without a revocation', async () => {
    const { members, view } = world({
      number: 1_060n,
      registry: { version: 9n, memberCount: 3n, lastRevocationBlock: 0n },
    })
    const { rotation } = await prepareRotation({
      chainId,
      mc,
      identity: members[0]!,
      view: view(),
      call: { atBlock: 1_060n, members: members.map((m) => m.address) },
    })
    expect(rotation.grants).toHaveLength(3)
  })

  it('error: refuses when not due, when the list is not the member set, or when not admitted itself', async () => {
    const { members, revoked, view } = world()
    const addresses = members.map((m) => m.address)
    const refuse = async (identity: EnclaveIdentity, list: Address[], v = view()) =>
      expect(
        prepareRotation({ chainId, mc, identity, view: v, call: { atBlock: 100n, members: list } }),
      ).rejects.toMatchObject({
        code: 'ENCLAVE_ROTATION_REFUSED',
      })
    await refuse(members[0]!, addresses.slice(1)) // one member left out
    await refuse(members[0]!, [...addresses.slice(1), revoked.address]) // a revoked one let in
    await refuse(members[0]!, [...addresses, addresses[0]!]) // a duplicate
    await refuse(revoked, addresses) // the revoked enclave itself
    const notDue = world({ registry: { version: 9n, memberCount: 3n, lastRevocationBlock: 10n } })
    await refuse(
      notDue.members[0]!,
      notDue.members.map((m) => m.address),
      notDue.view(),
    )
  })
})

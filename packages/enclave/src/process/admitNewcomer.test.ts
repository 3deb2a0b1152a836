import { admissionSigningHash, evidenceReportData, isRaceteeError, raceteeDomain } from '@racetee/protocol'
import { bytesToHex, type Hex, hexToBytes, keccak256, recoverAddress, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import { makeSimulatedEvidence } from '../keys/simulatedPlatform.js'
import { acceptProvisioning } from './acceptProvisioning.js'
import { admitNewcomer } from './admitNewcomer.js'
import { fakeChainView } from './test/fakeChainView.js'

const chainId = 31337n
const mc = '0x00000000000000000000000000000000000000cc' as const
const platformKey = new Uint8Array(32).fill(5)
const platform = privateKeyToAddress(bytesToHex(platformKey))
const measurement = keccak256(stringToBytes('build 1'))
const policy = { platform, measurements: [measurement] }

function newcomerOf(identity: EnclaveIdentity, buildMeasurement: Hex = measurement) {
  const evidence = makeSimulatedEvidence({
    platformKey,
    measurement: buildMeasurement,
    reportData: evidenceReportData(chainId, mc, identity.address, identity.encryptionPublicKey),
  })
  return {
    address: identity.address,
    encryptionKey: identity.encryptionKeyHex,
    evidence: bytesToHex(evidence),
  }
}

function admitter(epochs: bigint[]) {
  const identity = EnclaveIdentity.generate()
  const keyring = new EpochKeyring()
  for (const e of epochs) keyring.create(e)
  const keys = new Map(epochs.map((e) => [e, bytesToHex(keyring.requestKeyPair(e).publicKey)] as const))
  return { identity, keyring, keys }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  )
}

describe('admitNewcomer', () => {
  it('signs an Admission carrying the current and previous epoch secrets, which the newcomer accepts', async () => {
    const a = admitter([3n, 4n])
    const view = fakeChainView({ epoch: 4n, requestPublicKeys: a.keys })
    const b = EnclaveIdentity.generate()
    const newcomer = newcomerOf(b)
    const { admission, signature } = await admitNewcomer({
      chainId,
      mc,
      ...a,
      view,
      policy,
      call: { atBlock: 100n, registryVersion: 7n, newcomer },
    })
    expect(admission).toMatchObject({
      enclave: b.address,
      encryptionKey: b.encryptionKeyHex,
      evidenceHash: keccak256(newcomer.evidence),
      registryVersion: 7n,
      epoch: 4n,
    })
    const digest = admissionSigningHash(raceteeDomain(chainId, mc), admission)
    expect(await recoverAddress({ hash: digest, signature })).toBe(a.identity.address)

    const keyring = new EpochKeyring()
    const added = await acceptProvisioning({
      chainId,
      mc,
      identity: b,
      keyring,
      view,
      call: {
        atBlock: 100n,
        epoch: 4n,
        epochSecret: admission.epochSecret,
        prevEpochSecret: admission.prevEpochSecret,
      },
    })
    expect(added).toEqual([3n, 4n])
    for (const e of [3n, 4n])
      expect(keyring.requestKeyPair(e).publicKey).toEqual(a.keyring.requestKeyPair(e).publicKey)
  })

  it('behavior: at epoch 0 there is no previous secret, and the ciphertext opens only for the newcomer', async () => {
    const a = admitter([0n])
    const view = fakeChainView({ epoch: 0n, requestPublicKeys: a.keys })
    const b = EnclaveIdentity.generate()
    const { admission } = await admitNewcomer({
      chainId,
      mc,
      ...a,
      view,
      policy,
      call: { atBlock: 1n, registryVersion: 1n, newcomer: newcomerOf(b) },
    })
    expect(admission.prevEpochSecret).toBe('0x')
    const secret = a.keyring.exportSecret(0n)
    expect(admission.epochSecret.includes(bytesToHex(secret).slice(2))).toBe(false)
    const err = await caught(
      acceptProvisioning({
        chainId,
        mc,
        identity: EnclaveIdentity.generate(),
        keyring: new EpochKeyring(),
        view,
        call: { atBlock: 1n, epoch: 0n, epochSecret: admission.epochSecret, prevEpochSecret: '0x' },
      }),
    )
    expect(isRaceteeError(err, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
  })

  it('error: evidence of another build, another key or itself is refused before anything is sealed', async () => {
    const a = admitter([0n])
    const view = fakeChainView({ epoch: 0n, requestPublicKeys: a.keys })
    const b = EnclaveIdentity.generate()
    const cases = [
      newcomerOf(b, keccak256(stringToBytes('build 2'))),
      { ...newcomerOf(b), encryptionKey: EnclaveIdentity.generate().encryptionKeyHex },
      newcomerOf(a.identity),
    ]
    for (const newcomer of cases) {
      const err = await caught(
        admitNewcomer({
          chainId,
          mc,
          ...a,
          view,
          policy,
          call: { atBlock: 1n, registryVersion: 1n, newcomer },
        }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    }
  })

  it('error: an epoch not started, not held, or held with another key than the proven one is refused', async () => {
    const a = admitter([0n])
    const newcomer = newcomerOf(EnclaveIdentity.generate())
    const views = [
      fakeChainView({ epoch: 0n, started: false, requestPublicKeys: a.keys }),
      fakeChainView({ epoch: 1n, requestPublicKeys: a.keys }),
      fakeChainView({ epoch: 0n, requestPublicKeys: new Map([[0n, `0x${'ab'.repeat(32)}` as Hex]]) }),
    ]
    for (const view of views) {
      const err = await caught(
        admitNewcomer({
          chainId,
          mc,
          ...a,
          view,
          policy,
          call: { atBlock: 1n, registryVersion: 1n, newcomer },
        }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_EPOCH_UNKNOWN')).toBe(true)
    }
    expect(hexToBytes(newcomer.evidence).length).toBeGreaterThan(0)
  })
})

describe('acceptProvisioning', () => {
  it('error: a secret that does not derive the proven key is refused and nothing is kept (all or nothing)', async () => {
    const a = admitter([1n, 2n])
    const b = EnclaveIdentity.generate()
    const honestView = fakeChainView({ epoch: 2n, requestPublicKeys: a.keys })
    const { admission } = await admitNewcomer({
      chainId,
      mc,
      ...a,
      view: honestView,
      policy,
      call: { atBlock: 1n, registryVersion: 1n, newcomer: newcomerOf(b) },
    })
    // The chain proves another key for the previous epoch: the current one alone must not be kept either.
    const lying = fakeChainView({
      epoch: 2n,
      requestPublicKeys: new Map([
        [2n, a.keys.get(2n)!],
        [1n, `0x${'cd'.repeat(32)}` as Hex],
      ]),
    })
    const keyring = new EpochKeyring()
    const call = {
      atBlock: 1n,
      epoch: 2n,
      epochSecret: admission.epochSecret,
      prevEpochSecret: admission.prevEpochSecret,
    }
    const err = await caught(acceptProvisioning({ chainId, mc, identity: b, keyring, view: lying, call }))
    expect(isRaceteeError(err, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
    expect(keyring.epochs()).toEqual([])
    // Swapped grants (previous presented as current) do not open: the info binds the epoch.
    const swapped = {
      ...call,
      epochSecret: admission.prevEpochSecret,
      prevEpochSecret: admission.epochSecret,
    }
    const err2 = await caught(
      acceptProvisioning({ chainId, mc, identity: b, keyring, view: honestView, call: swapped }),
    )
    expect(isRaceteeError(err2, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
    expect(keyring.epochs()).toEqual([])
  })
})

import { admissionSigningHash, evidenceReportData, isRaceteeError, raceteeDomain } from '@racetee/protocol'
import { bytesToHex, type Hex, hexToBytes, keccak256, recoverAddress, stringToBytes } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { AdmissionPolicy } from '../attestation/admissionPolicy.js'
import { createTestDcapPki, type TestDcapPki } from '../attestation/test/testPki/createTestDcapPki.js'
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
const policy: AdmissionPolicy = { simulation: { platform, measurements: [measurement] }, dcap: null }
/** fakeChainView's proven header time: hardware collateral is judged at it (D2.1). */
const headerTime = 1_700_000_000

let pki: TestDcapPki
/** A hardware deployment: DCAP evidence from the test PKI only, no simulated evidence. */
let hardwarePolicy: AdmissionPolicy

beforeAll(async () => {
  pki = await createTestDcapPki({ now: headerTime })
  hardwarePolicy = {
    simulation: null,
    dcap: { rootCaDer: pki.rootCaDer, policy: { allowedMeasurements: [measurement] } },
  }
})

/** A newcomer with test-PKI SGX evidence; `boundTo` is whose keys the report data names. */
async function hardwareNewcomerOf(
  identity: EnclaveIdentity,
  { boundTo = identity, buildMeasurement = measurement, issuer = () => pki } = {},
) {
  const { evidence } = await issuer().issue({
    provider: 'sgx',
    measurement: buildMeasurement,
    reportData: evidenceReportData(chainId, mc, boundTo.address, boundTo.encryptionPublicKey),
  })
  return {
    address: identity.address,
    encryptionKey: identity.encryptionKeyHex,
    evidence: bytesToHex(evidence),
  }
}

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

  it('behavior: under a hardware policy, test-PKI SGX evidence valid at the proven header time admits the newcomer', async () => {
    // The host's clock is years past this collateral: only the header's time can accept it.
    expect(Date.now() / 1000).toBeGreaterThan(pki.validUntil)
    const a = admitter([2n])
    const view = fakeChainView({ epoch: 2n, requestPublicKeys: a.keys })
    const b = EnclaveIdentity.generate()
    const newcomer = await hardwareNewcomerOf(b)
    const { admission, signature } = await admitNewcomer({
      chainId,
      mc,
      ...a,
      view,
      policy: hardwarePolicy,
      call: { atBlock: 100n, registryVersion: 3n, newcomer },
    })
    expect(admission).toMatchObject({
      enclave: b.address,
      evidenceHash: keccak256(newcomer.evidence),
      epoch: 2n,
    })
    const digest = admissionSigningHash(raceteeDomain(chainId, mc), admission)
    expect(await recoverAddress({ hash: digest, signature })).toBe(a.identity.address)
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

  it('error: unverifiable, wrongly bound or disallowed evidence, simulated or hardware, is refused and nothing is signed or sealed', async () => {
    const a = admitter([0n])
    const view = fakeChainView({ epoch: 0n, requestPublicKeys: a.keys })
    const b = EnclaveIdentity.generate()
    const c = EnclaveIdentity.generate()
    const garbage = { address: b.address, encryptionKey: b.encryptionKeyHex, evidence: '0x0102030405' as Hex }
    const otherBuild = keccak256(stringToBytes('build 2'))
    const later = await createTestDcapPki({ now: headerTime + 60 * 86_400 })
    const cases: { name: string; policy: AdmissionPolicy; newcomer: typeof garbage; reason: string }[] = [
      { name: 'simulated garbage', policy, newcomer: garbage, reason: 'malformed' },
      {
        name: 'simulated, bound to another key',
        policy,
        newcomer: { ...newcomerOf(c), address: b.address, encryptionKey: b.encryptionKeyHex },
        reason: 'reportDataMismatch',
      },
      {
        name: 'simulated, other build',
        policy,
        newcomer: newcomerOf(b, otherBuild),
        reason: 'measurementNotAllowed',
      },
      { name: 'hardware garbage', policy: hardwarePolicy, newcomer: garbage, reason: 'malformed' },
      {
        name: 'hardware, bound to another key',
        policy: hardwarePolicy,
        newcomer: await hardwareNewcomerOf(b, { boundTo: c }),
        reason: 'reportDataMismatch',
      },
      {
        name: 'hardware, other build',
        policy: hardwarePolicy,
        newcomer: await hardwareNewcomerOf(b, { buildMeasurement: otherBuild }),
        reason: 'measurementNotAllowed',
      },
      {
        name: 'hardware, collateral not yet valid at the proven header time',
        policy: hardwarePolicy,
        newcomer: await hardwareNewcomerOf(b, { issuer: () => later }),
        reason: 'expired',
      },
      {
        name: 'hardware evidence into a simulation deployment',
        policy,
        newcomer: await hardwareNewcomerOf(b),
        reason: 'notAccepted',
      },
      {
        name: 'simulated evidence into a hardware deployment',
        policy: hardwarePolicy,
        newcomer: newcomerOf(b),
        reason: 'notAccepted',
      },
    ]
    const signed = vi.spyOn(a.identity, 'signTypedDataHash')
    const exported = vi.spyOn(a.keyring, 'exportSecret')
    for (const { name, policy: casePolicy, newcomer, reason } of cases) {
      const err = await caught(
        admitNewcomer({
          chainId,
          mc,
          ...a,
          view,
          policy: casePolicy,
          call: { atBlock: 1n, registryVersion: 1n, newcomer },
        }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID'), name).toBe(true)
      expect((err as { details?: string }).details?.split(':')[0], name).toBe(reason)
    }
    expect(signed).not.toHaveBeenCalled()
    expect(exported).not.toHaveBeenCalled()
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

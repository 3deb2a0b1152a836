import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evidenceReportData, isRaceteeError } from '@racetee/protocol'
import { type Hex, hexToBytes, keccak256, stringToBytes } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import type { HeaderVerifier } from '../chain/types.js'
import { verifySimulatedEvidence } from '../keys/simulatedPlatform.js'
import { type ChainAccess, EnclaveService } from './EnclaveService.js'
import type { EnclaveDescription } from './messages.js'
import { fakeChainView } from './test/fakeChainView.js'

const mc = '0x00000000000000000000000000000000000000cc' as const
const measurement = keccak256(stringToBytes('build 1'))
const dirs: string[] = []

function setup(
  options: { started?: boolean | ((n: bigint) => boolean); headerNumber?: (n: bigint) => bigint } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'racetee-service-'))
  dirs.push(dir)
  const platformKey = generatePrivateKey()
  const keyFile = join(dir, 'platform.key')
  writeFileSync(keyFile, `${platformKey}\n`)
  const asked: bigint[] = []
  const verifier: HeaderVerifier = {
    label: 'test verifier',
    simulated: true,
    async header(n) {
      asked.push(n)
      return {
        ...fakeChainView({ epoch: 0n, requestPublicKeys: new Map() }).header,
        number: options.headerNumber?.(n) ?? n,
      }
    },
  }
  const chain: ChainAccess = {
    headerVerifier: () => verifier,
    chainView: ({ header }) =>
      fakeChainView({
        number: header.number,
        epoch: 0n,
        requestPublicKeys: new Map(),
        ...(options.started === undefined
          ? {}
          : {
              started:
                typeof options.started === 'boolean' ? options.started : options.started(header.number),
            }),
      }),
  }
  const host = {
    blobs: { get: () => Promise.reject(new TypeError('no blobs in this test')) },
    proofs: {
      getProof: () => Promise.reject(new TypeError('no proofs in this test')),
      getCode: () => Promise.reject(new TypeError('no code in this test')),
    },
  }
  const config = {
    chainId: 31337n,
    mc,
    dataDir: dir,
    rpcUrl: 'http://127.0.0.1:1',
    provider: 'simulation',
    simulatedPlatformKeyFile: keyFile,
    measurement,
  }
  return { service: () => new EnclaveService({ host, chain }), config, platformKey, asked, keyFile }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  )
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('EnclaveService', () => {
  it('initialises with simulated evidence, seals genesis before answering, and restores it on restart', async () => {
    const { service, config, platformKey } = setup()
    const first = service()
    const described = (await first.dispatch('init', config)) as EnclaveDescription
    expect(described).toMatchObject({ provider: 'simulation', simulated: true, measurement, epochs: [] })
    expect(described.headerVerifier).toEqual({ label: 'test verifier', simulated: true })
    const verdict = await verifySimulatedEvidence({
      evidence: hexToBytes(described.evidence),
      allowedPlatform: privateKeyToAddress(platformKey),
      allowedMeasurements: [measurement],
      expectedReportData: evidenceReportData(31337n, mc, described.address, described.encryptionKey),
    })
    expect(verdict.simulated).toBe(true)
    const genesis = (await first.dispatch('createGenesisEpoch', undefined)) as { requestPublicKey: Hex }

    const second = service()
    const again = (await second.dispatch('init', config)) as EnclaveDescription
    expect(again).toEqual({ ...described, epochs: [0n] })
    expect(await second.dispatch('createGenesisEpoch', undefined)).toEqual(genesis)
  })

  it('behavior: a batch reads the header of its own toBlock and refuses when no epoch has started', async () => {
    const { service, config, asked } = setup({ started: false })
    const s = service()
    await s.dispatch('init', config)
    const call = { toBlock: 42n, requests: [], beneficiary: mc }
    expect(isRaceteeError(await caught(s.dispatch('executeBatch', call)), 'ENCLAVE_EPOCH_UNKNOWN')).toBe(true)
    expect(asked).toEqual([42n])
  })

  it('behavior: a batch with a fact block verifies both headers and takes its epoch at toBlock (decision 19)', async () => {
    // No epoch had started at toBlock 42, one has by the fact block 50: the batch is refused.
    const { service, config, asked } = setup({ started: (n) => n >= 50n })
    const s = service()
    await s.dispatch('init', config)
    const call = { toBlock: 42n, factBlock: 50n, ringHint: 3n, requests: [], beneficiary: mc }
    expect(isRaceteeError(await caught(s.dispatch('executeBatch', call)), 'ENCLAVE_EPOCH_UNKNOWN')).toBe(true)
    expect(asked).toEqual([42n, 50n])
  })

  it('error: a verifier that vouches for another block is refused', async () => {
    const { service, config } = setup({ headerNumber: (n) => n - 1n })
    const s = service()
    await s.dispatch('init', config)
    const err = await caught(s.dispatch('executeBatch', { toBlock: 42n, requests: [], beneficiary: mc }))
    expect(isRaceteeError(err, 'CHAIN_HEADER_INVALID')).toBe(true)
  })

  it('error: calls before init, a second init, and malformed parameters', async () => {
    const { service, config, keyFile } = setup()
    const s = service()
    expect(isRaceteeError(await caught(s.dispatch('describe', undefined)), 'ENCLAVE_NOT_INITIALISED')).toBe(
      true,
    )
    expect(
      isRaceteeError(
        await caught(s.dispatch('init', { ...config, provider: 'sgx-gramine' })),
        'PROTOCOL_MALFORMED',
      ),
    ).toBe(true)
    writeFileSync(keyFile, 'not a key')
    expect(isRaceteeError(await caught(s.dispatch('init', config)), 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    writeFileSync(keyFile, generatePrivateKey())
    await s.dispatch('init', config)
    expect(isRaceteeError(await caught(s.dispatch('init', config)), 'ENCLAVE_INTERNAL')).toBe(true)
    const malformed = [
      { toBlock: 1, requests: [], beneficiary: mc },
      { toBlock: 1n, requests: [{ seq: 1n }], beneficiary: mc },
      { toBlock: 1n, requests: [], beneficiary: '0x12' },
      { toBlock: 5n, factBlock: 4n, requests: [], beneficiary: mc },
      { toBlock: 5n, factBlock: 6n, ringHint: -1n, requests: [], beneficiary: mc },
    ]
    for (const call of malformed)
      expect(isRaceteeError(await caught(s.dispatch('executeBatch', call)), 'PROTOCOL_MALFORMED')).toBe(true)
    const admit = {
      atBlock: 1n,
      registryVersion: 1n,
      newcomer: { address: mc, encryptionKey: '0x00', evidence: '0x' },
    }
    expect(isRaceteeError(await caught(s.dispatch('admit', admit)), 'PROTOCOL_MALFORMED')).toBe(true)
  })
})

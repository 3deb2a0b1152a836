/**
 * `init` and `describe` under the hardware providers (D2, D2.1), against a fake Gramine
 * `/dev/attestation` served through a FIFO: the description is truthful (not simulated, sealing
 * key source named, the verifier still labelled simulated), and the simulated trusted-RPC
 * verifier is refused unless `insecureTrustedRpc` is set.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { evidenceReportData, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeDcapEvidence } from '../attestation/dcapEvidence.js'
import type { HeaderVerifier } from '../chain/types.js'
import { readQuoteReport } from '../platform/readQuoteReport.js'
import {
  type FakeGramineAttestation,
  startFakeGramineAttestation,
} from '../platform/test/fakeGramineAttestation.js'
import { caught, collateralFile, removeTempDirs, tempDir } from '../platform/test/platformTestKit.js'
import { SEALED_STATE_FILE } from '../sealing/sealedStateFile.js'
import { EnclaveService } from './EnclaveService.js'
import type { EnclaveDescription } from './messages.js'
import { fakeChainView } from './test/fakeChainView.js'

const mc = '0x00000000000000000000000000000000000000cc' as const
const mrenclave = new Uint8Array(32).fill(0xe7)
const fakes: FakeGramineAttestation[] = []

function setup(verifierSimulated = true) {
  const root = tempDir('racetee-service-hw-')
  const fake = startFakeGramineAttestation({
    dir: join(root, 'attestation'),
    mrenclaveKey: new Uint8Array(16).fill(3),
    measurement: mrenclave,
  })
  fakes.push(fake)
  const verifier: HeaderVerifier = {
    label: verifierSimulated ? 'trusted RPC (SIMULATION)' : 'light client',
    simulated: verifierSimulated,
    header: async (n) => ({
      ...fakeChainView({ epoch: 0n, requestPublicKeys: new Map() }).header,
      number: n,
    }),
  }
  const service = () =>
    new EnclaveService({
      host: {
        blobs: { get: () => Promise.reject(new TypeError('no blobs in this test')) },
        proofs: {
          getProof: () => Promise.reject(new TypeError('no proofs in this test')),
          getCode: () => Promise.reject(new TypeError('no code in this test')),
        },
      },
      chain: {
        headerVerifier: () => verifier,
        chainView: ({ header }) =>
          fakeChainView({ number: header.number, epoch: 0n, requestPublicKeys: new Map() }),
      },
    })
  const dataDir = join(root, 'data')
  mkdirSync(dataDir)
  const config = {
    chainId: 31337n,
    mc,
    dataDir,
    rpcUrl: 'http://127.0.0.1:1',
    provider: 'sgx-gramine',
    attestationDir: fake.dir,
    collateral: { file: collateralFile(root) },
  }
  return { service, config, fake, dataDir }
}

afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.stop()
  removeTempDirs()
})

describe('EnclaveService under a hardware provider', () => {
  it('initialises on sgx-gramine with insecureTrustedRpc, describes itself truthfully, and keeps its keys over a restart', async () => {
    const { service, config } = setup()
    const described = (await service().dispatch('init', {
      ...config,
      insecureTrustedRpc: true,
    })) as EnclaveDescription
    expect(described).toMatchObject({
      provider: 'sgx-gramine',
      simulated: false,
      sealingKey: 'sgx-mrenclave',
      measurement: bytesToHex(mrenclave),
      headerVerifier: { label: 'trusted RPC (SIMULATION)', simulated: true },
      insecureTrustedRpc: true,
      epochs: [],
    })
    const evidence = decodeDcapEvidence(hexToBytes(described.evidence))
    expect(evidence.provider).toBe('sgx')
    expect(readQuoteReport(evidence.quote).reportData).toEqual(
      evidenceReportData(31337n, mc, described.address, described.encryptionKey),
    )
    const again = (await service().dispatch('init', {
      ...config,
      insecureTrustedRpc: true,
    })) as EnclaveDescription
    expect(again.address).toBe(described.address)
    expect(again.encryptionKey).toBe(described.encryptionKey)
  })

  it('behavior: a verifier that is not simulated needs no consent', async () => {
    const { service, config } = setup(false)
    const described = (await service().dispatch('init', config)) as EnclaveDescription
    expect(described).toMatchObject({ simulated: false, insecureTrustedRpc: false })
    expect(described.headerVerifier.simulated).toBe(false)
  })

  it('error: the simulated trusted-RPC verifier is refused without insecureTrustedRpc, before any key is sealed', async () => {
    const { service, config, dataDir, fake } = setup()
    const err = await caught(service().dispatch('init', config))
    expect(isRaceteeError(err, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^insecureTrustedRpc: provider sgx-gramine/)
    expect(existsSync(join(dataDir, SEALED_STATE_FILE))).toBe(false)
    expect(fake.quotesServed()).toBe(0)
    const off = await caught(service().dispatch('init', { ...config, insecureTrustedRpc: false }))
    expect(isRaceteeError(off, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
  })

  it('error: malformed hardware configs are PROTOCOL_MALFORMED naming the field', async () => {
    const { service, config } = setup()
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...config, collateral: { file: 'a', pccsUrl: 'b' } }, /^config\.collateral needs exactly one/],
      [{ ...config, collateral: {} }, /^config\.collateral needs exactly one/],
      [{ ...config, collateral: undefined }, /^config\.collateral is not an object/],
      [{ ...config, insecureTrustedRpc: 'yes' }, /^config\.insecureTrustedRpc is not a boolean/],
      [{ ...config, attestationDir: 7 }, /^config\.attestationDir /],
      [{ ...config, provider: 'tdx' }, /^config\.sealingKeyFile /],
      [{ ...config, provider: 'sev' }, /^config\.provider /],
    ]
    for (const [params, details] of bad) {
      const err = await caught(service().dispatch('init', params))
      expect(isRaceteeError(err, 'PROTOCOL_MALFORMED')).toBe(true)
      expect((err as RaceteeError).details).toMatch(details)
    }
  })
})

/**
 * Hardware enclave providers through real processes (D2, D2.1): the executor CLI refuses a
 * hardware provider without `--insecure-trusted-rpc` before it starts anything, and warns loudly
 * with it; an enclave child forked with provider `sgx-gramine` against a fake Gramine
 * `/dev/attestation` (its `quote` a FIFO served by this test process) describes itself as not
 * simulated, with hardware (P7 sgx) evidence over its own keys.
 *
 * The fake attestation directory and the quote reader are the enclave package's, imported by
 * path: they are test support and internals, not API, so the enclave package does not export them.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeDcapEvidence } from '@racetee/enclave'
import { evidenceReportData, isRaceteeError, type RaceteeError } from '@racetee/protocol'
import { bytesToHex, hexToBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readQuoteReport } from '../../enclave/src/platform/readQuoteReport.js'
import {
  type FakeGramineAttestation,
  startFakeGramineAttestation,
} from '../../enclave/src/platform/test/fakeGramineAttestation.js'
import { childProcessProvider } from '../src/enclave/childProcessProvider.js'
import type { EnclaveHandle, EnclaveHostServices } from '../src/enclave/EnclaveProvider.js'

const mainEntry = new URL('../src/main.ts', import.meta.url).pathname
const mc = '0x00000000000000000000000000000000000000cc' as const
const collateralFixture = new URL(
  '../../enclave/src/attestation/test/fixtures/sgx_quote_collateral.json',
  import.meta.url,
)
const noHost: EnclaveHostServices = {
  blob: () => Promise.reject(new TypeError('no blobs in this test')),
  proofs: {
    getProof: () => Promise.reject(new TypeError('no proofs in this test')),
    getCode: () => Promise.reject(new TypeError('no code in this test')),
  },
}

/** A localhost URL nobody listens on: a port the OS handed out, then closed. */
async function deadRpcUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

/** Runs the executor CLI to its exit (it exits on its own: both cases fail before any round). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainEntry, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('hardware enclave providers', () => {
  let root: string
  let fake: FakeGramineAttestation
  const handles: EnclaveHandle[] = []
  const mrenclave = new Uint8Array(32).fill(0x4e)

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'racetee-hw-provider-'))
    copyFileSync(collateralFixture, join(root, 'collateral.json'))
    fake = startFakeGramineAttestation({
      dir: join(root, 'attestation'),
      mrenclaveKey: new Uint8Array(16).fill(0x21),
      measurement: mrenclave,
    })
  })

  afterAll(async () => {
    for (const handle of handles) await handle.close({ timeoutMs: 2_000 })
    await fake?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  const launch = (name: string, insecureTrustedRpc: boolean) => {
    const dataDir = join(root, name)
    mkdirSync(dataDir, { recursive: true })
    return childProcessProvider('sgx-gramine').launch({
      config: {
        chainId: 31337n,
        mc,
        dataDir,
        rpcUrl: 'http://127.0.0.1:9', // never called: no batch runs here
        attestationDir: fake.dir,
        collateral: { file: join(root, 'collateral.json') },
        ...(insecureTrustedRpc ? { insecureTrustedRpc } : {}),
      },
      services: noHost,
    })
  }

  it('an sgx-gramine enclave child describes itself as hardware with sgx evidence over its own keys', async () => {
    const handle = await launch('sgx', true)
    handles.push(handle)
    expect(handle.kind).toBe('sgx-gramine')
    const described = await handle.describe()
    expect(described).toMatchObject({
      provider: 'sgx-gramine',
      simulated: false,
      sealingKey: 'sgx-mrenclave',
      measurement: bytesToHex(mrenclave),
      headerVerifier: { simulated: true },
      insecureTrustedRpc: true,
    })
    const evidence = decodeDcapEvidence(hexToBytes(described.evidence))
    expect(evidence.provider).toBe('sgx')
    expect(readQuoteReport(evidence.quote).reportData).toEqual(
      evidenceReportData(31337n, mc, described.address, described.encryptionKey),
    )
    expect(typeof evidence.collateral.qe_identity).toBe('string')
  })

  it('error: an sgx-gramine child without insecureTrustedRpc refuses init and is stopped, with nothing sealed', async () => {
    const err = await launch('refused', false).then(
      (handle) => {
        handles.push(handle)
        throw new TypeError('the enclave started')
      },
      (e: unknown) => e,
    )
    expect(isRaceteeError(err, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^insecureTrustedRpc: /)
    expect(existsSync(join(root, 'refused', 'enclave.sealed'))).toBe(false)
  })

  it('error: the executor CLI refuses --provider sgx-gramine without --insecure-trusted-rpc before it starts anything', async () => {
    const dataDir = join(root, 'cli-refused')
    const { code, stdout, stderr } = await runCli([
      'run',
      '--provider',
      'sgx-gramine',
      '--attestation-dir',
      fake.dir,
      '--collateral-file',
      join(root, 'collateral.json'),
      '--data-dir',
      dataDir,
      '--rpc-url',
      await deadRpcUrl(),
      '--mc',
      mc,
      '--key-file',
      join(root, 'no-such.key'),
    ])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^Invalid executor configuration\./)
    expect(stderr).toMatch(/Details: --provider sgx-gramine refuses the trusted-RPC header verifier/)
    expect(stderr).toMatch(/Code: EXECUTOR_CONFIG_INVALID/)
    expect(stderr).toMatch(/--insecure-trusted-rpc/)
    expect(stdout).toBe('')
    expect(existsSync(dataDir)).toBe(false)
  })

  it('error: with --insecure-trusted-rpc the CLI warns loudly at start, then fails on the unreachable chain', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--provider',
      'sgx-gramine',
      '--insecure-trusted-rpc',
      '--collateral-file',
      join(root, 'collateral.json'),
      '--data-dir',
      join(root, 'cli-insecure'),
      '--rpc-url',
      await deadRpcUrl(),
      '--mc',
      mc,
      '--key-file',
      join(root, 'no-such.key'),
    ])
    expect(code).toBe(1)
    const warning = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; insecureTrustedRpc?: boolean })
      .find((line) => line.insecureTrustedRpc === true)
    expect(warning?.level).toBe(40) // pino warn
    expect(warning?.msg).toMatch(/^INSECURE \(--insecure-trusted-rpc\)/)
    expect(stderr).toMatch(/CHAIN_RPC_FAILED|did not answer/)
  })
})

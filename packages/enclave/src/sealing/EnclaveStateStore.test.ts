import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isRaceteeError } from '@racetee/protocol'
import { bytesToHex, keccak256, stringToBytes } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { EnclaveStateStore } from './EnclaveStateStore.js'
import { decodeEnclaveSecrets, encodeEnclaveSecrets } from './enclaveSecretsCodec.js'
import { SEALED_STATE_FILE, type SealedStateContext, sealedStateProviders } from './sealedStateFile.js'
import { deriveSimulatedSealingKey } from './simulatedSealingKey.js'

const platformKey = new Uint8Array(32).fill(7)
const measurement = keccak256(stringToBytes('racetee enclave build 1'))
const mc = '0x00000000000000000000000000000000000000cc' as const
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'racetee-seal-'))
  dirs.push(dir)
  return dir
}
const context = (overrides: Partial<SealedStateContext> = {}): SealedStateContext => ({
  sealingKey: deriveSimulatedSealingKey({ platformKey, measurement }),
  provider: sealedStateProviders.simulation,
  chainId: 31337n,
  mc,
  ...overrides,
})

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  )
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('EnclaveStateStore', () => {
  it('creates an identity once, seals epochs, and restores the same keys after a restart', async () => {
    const dataDir = tempDir()
    const first = await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()
    expect(first.created).toBe(true)
    first.keyring.create(0n)
    first.keyring.create(1n)
    await new EnclaveStateStore({ dataDir, context: context() }).save(first)

    const again = await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()
    expect(again.created).toBe(false)
    expect(again.identity.address).toBe(first.identity.address)
    expect(again.identity.encryptionKeyHex).toBe(first.identity.encryptionKeyHex)
    expect(again.keyring.epochs()).toEqual([0n, 1n])
    for (const epoch of [0n, 1n])
      expect(again.keyring.requestKeyPair(epoch).publicKey).toEqual(
        first.keyring.requestKeyPair(epoch).publicKey,
      )
    const digest = keccak256('0x01')
    expect(again.identity.signDigest(digest)).toBe(first.identity.signDigest(digest))
  })

  it('behavior: the file holds no secret in the clear and no temporary file is left behind', async () => {
    const dataDir = tempDir()
    const state = await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()
    state.keyring.create(0n)
    await new EnclaveStateStore({ dataDir, context: context() }).save(state)
    expect(readdirSync(dataDir)).toEqual([SEALED_STATE_FILE])
    const file = bytesToHex(readFileSync(join(dataDir, SEALED_STATE_FILE))).toLowerCase()
    const secrets = [
      state.identity.exportSecrets().signingKey,
      state.identity.exportSecrets().encryptionKey,
      state.keyring.exportSecret(0n),
    ]
    for (const secret of secrets) expect(file.includes(bytesToHex(secret).slice(2))).toBe(false)
  })

  it('behavior: the codec round-trips and refuses unordered epochs', () => {
    const secrets = {
      identity: { signingKey: new Uint8Array(32).fill(1), encryptionKey: new Uint8Array(32).fill(2) },
      epochs: [
        { epoch: 3n, secret: new Uint8Array(32).fill(3) },
        { epoch: 9n, secret: new Uint8Array(32).fill(9) },
      ],
    }
    expect(decodeEnclaveSecrets(encodeEnclaveSecrets(secrets))).toEqual(secrets)
    expect(() => encodeEnclaveSecrets({ ...secrets, epochs: [...secrets.epochs].reverse() })).toThrow(
      /ascending/,
    )
  })

  it('error: another measurement, platform or deployment cannot open the file', async () => {
    const dataDir = tempDir()
    await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()
    const others = [
      context({ sealingKey: deriveSimulatedSealingKey({ platformKey, measurement: keccak256('0x02') }) }),
      context({
        sealingKey: deriveSimulatedSealingKey({ platformKey: new Uint8Array(32).fill(8), measurement }),
      }),
      context({ chainId: 1n }),
      context({ mc: '0x00000000000000000000000000000000000000cd' }),
    ]
    for (const other of others) {
      const err = await caught(new EnclaveStateStore({ dataDir, context: other }).loadOrCreate())
      expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    }
    // Nothing was regenerated over the file that did not open (D10).
    expect((await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()).created).toBe(false)
  })

  it('error: a tampered, truncated or future-version file is refused', async () => {
    const dataDir = tempDir()
    await new EnclaveStateStore({ dataDir, context: context() }).loadOrCreate()
    const path = join(dataDir, SEALED_STATE_FILE)
    const good = new Uint8Array(readFileSync(path))
    const cases: [Uint8Array, string][] = [
      [good.map((b, i) => (i === 20 ? b ^ 1 : b)), 'ENCLAVE_SEAL_OPEN_FAILED'],
      [good.subarray(0, 20), 'ENCLAVE_SEAL_OPEN_FAILED'],
      [good.map((b, i) => (i === 1 ? 2 : b)), 'ENCLAVE_SEAL_OPEN_FAILED'],
      [good.map((b, i) => (i === 0 ? 2 : b)), 'PROTOCOL_UNSUPPORTED_VERSION'],
    ]
    for (const [bytes, code] of cases) {
      writeFileSync(path, bytes)
      const err = await caught(new EnclaveStateStore({ dataDir, context: context() }).load())
      expect(isRaceteeError(err, code as never)).toBe(true)
    }
  })

  it('error: a wiped store cannot open the file', async () => {
    const dataDir = tempDir()
    const store = new EnclaveStateStore({ dataDir, context: context() })
    const state = await store.loadOrCreate()
    store.wipe()
    const err = await caught(store.load())
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    expect(state.identity.address).toMatch(/^0x/)
  })
})

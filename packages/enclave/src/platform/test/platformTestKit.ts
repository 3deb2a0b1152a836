/**
 * Test helper for the platform tests: temporary directories removed after each test, a
 * collateral file (the real SGX fixture's, shape-valid for any quote), and the sealing round
 * trip every provider must pass: state sealed under one platform's key opens after a restart
 * under the same platform, and not under another identity's.
 * @module
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EnclaveStateStore } from '../../sealing/EnclaveStateStore.js'
import type { Platform } from '../Platform.js'
import { sealedStateProviderOf } from '../Platform.js'

const dirs: string[] = []

export function tempDir(prefix = 'racetee-platform-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A copy of the real SGX collateral fixture in `dir`. */
export function collateralFile(dir: string): string {
  const path = join(dir, 'collateral.json')
  copyFileSync(new URL('../../attestation/test/fixtures/sgx_quote_collateral.json', import.meta.url), path)
  return path
}

const mc = '0x00000000000000000000000000000000000000cc' as const

/** A store sealed under `platform`'s key in `dataDir` (its key wiped once the store has a copy). */
export async function storeOf(platform: Platform, dataDir: string): Promise<EnclaveStateStore> {
  const sealingKey = await platform.sealingKey()
  try {
    return new EnclaveStateStore({
      dataDir,
      context: { sealingKey, provider: sealedStateProviderOf(platform.provider), chainId: 31337n, mc },
    })
  } finally {
    sealingKey.fill(0)
  }
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  )
}

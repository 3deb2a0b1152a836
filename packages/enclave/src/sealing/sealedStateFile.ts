/**
 * The sealed state file `<dataDir>/enclave.sealed` (D4 "sealed", D10): the enclave's secrets
 * encrypted under its sealing key with AES-256-GCM (node:crypto), bound to one deployment.
 *
 * ```
 * file = 0x01 (format version) ‖ u8 provider ‖ nonce (12, random per write) ‖ ciphertext ‖ tag (16)
 * aad  = "racetee/v1/sealed-state" ‖ 0x01 ‖ u8 provider ‖ u256 chainId ‖ MC
 * ```
 * `provider` is 1 for simulation, 2 for SGX, 3 for TDX (P7's numbering): the file says what kind of
 * key sealed it.
 *
 * Crash safety: `writeSealedStateFile` writes a temporary file, fsyncs it, renames it over the
 * old one and fsyncs the directory, so after a crash the file is either the old state or the
 * new one, and once it returns the new state survives power loss.
 *
 * Secrets: `sealingKey` and `plaintext` are the caller's (not retained); `openSealedState`
 * returns SECRET plaintext the caller wipes. No error names a key or plaintext byte.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { abytes } from '@noble/hashes/utils.js'
import { addressBytes, errorCodes, RaceteeError, u256 } from '@racetee/protocol'
import { type Address, concatBytes, stringToBytes } from 'viem'

export const SEALED_STATE_FILE = 'enclave.sealed'
export const SEALED_STATE_VERSION = 1
export const sealedStateProviders = { simulation: 1, sgx: 2, tdx: 3 } as const
export type SealedStateProvider = (typeof sealedStateProviders)[keyof typeof sealedStateProviders]

const NONCE = 12
const TAG = 16
const HEADER = 2 + NONCE
const AAD_LABEL = stringToBytes('racetee/v1/sealed-state')

export type SealedStateContext = {
  /** SECRET: AES-256 key, 32 bytes. */
  sealingKey: Uint8Array
  provider: SealedStateProvider
  chainId: bigint
  mc: Address
}

function aad(context: SealedStateContext): Uint8Array {
  return concatBytes([
    AAD_LABEL,
    new Uint8Array([SEALED_STATE_VERSION, context.provider]),
    u256(context.chainId, 'chainId'),
    addressBytes(context.mc),
  ])
}

/** Seals `plaintext` (SECRET, not retained) into the file format above. Draws a fresh nonce. */
export function sealState(context: SealedStateContext, plaintext: Uint8Array): Uint8Array {
  abytes(context.sealingKey, 32, 'sealingKey')
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', context.sealingKey, nonce)
  cipher.setAAD(aad(context))
  const body = concatBytes([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return concatBytes([new Uint8Array([SEALED_STATE_VERSION, context.provider]), nonce, body])
}

/**
 * Opens a sealed state. Another key (platform or measurement), another deployment, a truncated or
 * tampered file: ENCLAVE_SEAL_OPEN_FAILED. Another format version: PROTOCOL_UNSUPPORTED_VERSION.
 */
export function openSealedState(context: SealedStateContext, sealed: Uint8Array): Uint8Array {
  abytes(context.sealingKey, 32, 'sealingKey')
  if (sealed.length >= 1 && sealed[0] !== SEALED_STATE_VERSION)
    throw new RaceteeError(errorCodes.PROTOCOL_UNSUPPORTED_VERSION, 'Sealed state has an unknown version.', {
      details: `version ${sealed[0]}`,
    })
  if (sealed.length < HEADER + TAG) throw openFailed(`${sealed.length} bytes`)
  if (sealed[1] !== context.provider) throw openFailed(`sealed by provider ${sealed[1]}`)
  const nonce = sealed.subarray(2, HEADER)
  const ciphertext = sealed.subarray(HEADER, sealed.length - TAG)
  const tag = sealed.subarray(sealed.length - TAG)
  try {
    const decipher = createDecipheriv('aes-256-gcm', context.sealingKey, nonce)
    decipher.setAAD(aad(context))
    decipher.setAuthTag(tag)
    return concatBytes([decipher.update(ciphertext), decipher.final()])
  } catch {
    // The library's message says only "unable to authenticate"; nothing of the key or data.
    throw openFailed('authentication failed (another key, deployment or a tampered file)')
  }
}

/** Reads `<dataDir>/enclave.sealed`: its bytes, or null when there is none yet (first boot). */
export async function readSealedStateFile(dataDir: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(join(dataDir, SEALED_STATE_FILE)))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'Sealed state could not be read.', {
      details: (err as NodeJS.ErrnoException).code ?? 'read error',
    })
  }
}

/** Replaces `<dataDir>/enclave.sealed` atomically and durably (temp, fsync, rename, fsync dir). */
export async function writeSealedStateFile(dataDir: string, sealed: Uint8Array): Promise<void> {
  const target = join(dataDir, SEALED_STATE_FILE)
  const temporary = `${target}.tmp`
  try {
    const file = await open(temporary, 'w', 0o600)
    try {
      await file.writeFile(sealed)
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, target)
    const dir = await open(dataDir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  } catch (err) {
    throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'Sealed state could not be written.', {
      details: (err as NodeJS.ErrnoException).code ?? 'write error',
    })
  }
}

function openFailed(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_SEAL_OPEN_FAILED, 'Sealed state did not open.', { details })
}

/**
 * File access for the platforms (D2: the hardware providers are file-based): reading and writing
 * pseudo-files and key files, with every failure turned into a coded error that names the file
 * and the errno, never its content (key files are SECRET).
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Hex, hexToBytes, isHex } from 'viem'

/** The platform cannot be used as configured: a missing file, a wrong mode. Init fails. */
export function platformUnavailable(reason: string, details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'The attestation platform is not usable.', {
    details: `${reason}: ${details}`,
    ...(cause === undefined ? {} : { cause }),
  })
}

/** The platform answered, but its evidence cannot be trusted to be ours. */
export function platformEvidenceInvalid(reason: string, details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'The platform’s evidence is not valid.', {
    details: `${reason}: ${details}`,
  })
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'I/O error'
}

export async function readPlatformFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (err) {
    throw platformUnavailable('unreadable', `${path} (${errno(err)})`)
  }
}

export async function writePlatformFile(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(path, bytes)
  } catch (err) {
    throw platformUnavailable('unwritable', `${path} (${errno(err)})`)
  }
}

/** A pseudo-file's text without surrounding whitespace (`dcap\n`, `tdx_guest\n`, `7\n`). */
export function fileText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).trim()
}

/**
 * A file holding a 32-byte key as hex (`0x` optional, whitespace ignored). Returns SECRET bytes
 * the caller wipes; errors give the path and the length, never a character of the file.
 */
export async function readHexKeyFile(path: string, what: string): Promise<Uint8Array> {
  const raw = await readPlatformFile(path)
  try {
    const text = fileText(raw)
    const hex = (text.startsWith('0x') ? text : `0x${text}`) as Hex
    if (!isHex(hex, { strict: true }) || hex.length !== 66)
      throw platformUnavailable(
        'malformed',
        `${what} ${path}: ${text.length} characters, expected 64 hex digits`,
      )
    return hexToBytes(hex)
  } finally {
    raw.fill(0)
  }
}

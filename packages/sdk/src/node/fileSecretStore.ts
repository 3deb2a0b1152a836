/**
 * A durable `SecretStore` on the local disk (D8: "so a crash between send and result loses
 * nothing"): one file per key in `dir`, so a new process over the same directory finds every
 * record an earlier one wrote.
 *
 * Durability: a record is written to a temporary file (created exclusively, mode 0600), fsynced,
 * renamed over its final name and the directory fsynced, so `put` returns only when the record
 * survives a crash and a reader never sees half a record. The directory is created mode 0700.
 * Secrets: each file holds a `resultBase` (SECRET). Nothing here logs; errors name the key
 * (chain id and a public hash) and never the content. `delete` unlinks; whether the disk still
 * holds the old blocks is up to the file system, so the directory itself must be protected.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { assertSecretKey, type SecretStore } from '../secretStore/SecretStore.js'
import { decodeSecretRecord, encodeSecretRecord } from '../secretStore/secretRecordJson.js'

export type FileSecretStoreParameters = {
  /** Directory of the records; created (mode 0700) when missing. */
  dir: string
}

const FILE_MODE = 0o600
const DIR_MODE = 0o700

export function fileSecretStore({ dir }: FileSecretStoreParameters): SecretStore {
  if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir must be a non-empty path')
  // Keys hold no `_` (SecretStore.ts), so mapping `:` to `_` keeps names distinct and portable.
  const fileOf = (key: string) => {
    assertSecretKey(key)
    return join(dir, `${key.replaceAll(':', '_')}.json`)
  }

  return {
    async put(key, record) {
      const file = fileOf(key)
      const bytes = new TextEncoder().encode(encodeSecretRecord(record))
      const temp = join(dir, `.${randomUUID()}.tmp`)
      try {
        await mkdir(dir, { recursive: true, mode: DIR_MODE })
        const handle = await open(temp, 'wx', FILE_MODE)
        try {
          // The umask can only clear bits, but a chmod keeps the mode exact whatever it is.
          await handle.chmod(FILE_MODE)
          await handle.writeFile(bytes)
          await handle.sync()
        } finally {
          await handle.close()
        }
        await rename(temp, file)
        await syncDir(dir)
      } catch (cause) {
        await unlink(temp).catch(() => {})
        throw storeFailed('write', key, cause)
      } finally {
        bytes.fill(0)
      }
    },

    async get(key) {
      const file = fileOf(key)
      let bytes: Buffer
      try {
        bytes = await readFile(file)
      } catch (cause) {
        if (isNotFound(cause)) return undefined
        throw storeFailed('read', key, cause)
      }
      try {
        return decodeSecretRecord(bytes.toString('utf8'), key)
      } finally {
        bytes.fill(0)
      }
    },

    async delete(key) {
      const file = fileOf(key)
      try {
        await unlink(file)
        await syncDir(dir)
      } catch (cause) {
        if (isNotFound(cause)) return
        throw storeFailed('delete', key, cause)
      }
    },
  }
}

/** A rename or unlink is durable only once the directory entry is on disk. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT'
}

/** Node's fs errors carry the path (chain id and a public hash) and an errno, never content. */
function storeFailed(what: string, key: string, cause: unknown): RaceteeError {
  return new RaceteeError(errorCodes.SDK_SECRET_STORE_FAILED, 'Secret store failed.', {
    details: `${what} ${key}`,
    cause,
  })
}

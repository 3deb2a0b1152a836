/**
 * A `SecretStore` in memory (D8): for browsers that hold results only as long as the page, and
 * for tests. A crash loses every record, so a process that must survive one uses
 * `fileSecretStore` (`@racetee/sdk/node`) or its own durable store.
 *
 * Secrets: records are copied in and out, so a caller wiping its `resultBase` never wipes the
 * stored one (or the reverse); `delete` wipes the stored copy.
 */
import { assertSecretKey, copySecretRecord, type SecretRecord, type SecretStore } from './SecretStore.js'

export function memorySecretStore(): SecretStore {
  const records = new Map<string, SecretRecord>()
  return {
    async put(key, record) {
      assertSecretKey(key)
      records.get(key)?.resultBase.fill(0)
      records.set(key, copySecretRecord(record))
    },
    async get(key) {
      assertSecretKey(key)
      const record = records.get(key)
      return record === undefined ? undefined : copySecretRecord(record)
    },
    async delete(key) {
      assertSecretKey(key)
      records.get(key)?.resultBase.fill(0)
      records.delete(key)
    },
  }
}

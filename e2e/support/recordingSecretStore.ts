/**
 * A `SecretStore` that keeps, besides the records, a copy of every request secret put into it
 * (`resultBase`, P4), so a leak test can look for the user's own secrets outside the user's
 * process: on chain, in storage, in the executor's files and logs (D2). Test use only.
 */
import { memorySecretStore, type SecretStore } from '@racetee/sdk'

export type RecordingSecretStore = SecretStore & {
  /** Copies of every `resultBase` ever put, in put order. */
  readonly secrets: readonly Uint8Array[]
}

export function recordingSecretStore(): RecordingSecretStore {
  const inner = memorySecretStore()
  const secrets: Uint8Array[] = []
  return {
    secrets,
    async put(key, record) {
      await inner.put(key, record)
      secrets.push(Uint8Array.from(record.resultBase))
    },
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
  }
}

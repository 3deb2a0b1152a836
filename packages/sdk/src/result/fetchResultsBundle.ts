/**
 * Fetches a commit's results bundle from storage nodes (D4 "Results", D6, D8: "fetches the
 * results bundle from any registered storage node, checks its hash"). Nodes are untrusted for
 * content: each answer is re-hashed (by `fetchBlob`, and once more here against the committed
 * `resultsHash`), and a node that fails or serves other bytes is skipped for the next one.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { fetchBlob } from '@racetee/storage'
import { type Hex, keccak256 } from 'viem'

export type FetchResultsBundleParameters = {
  /** Base URLs of storage nodes, tried in order. */
  urls: readonly string[]
  /** `resultsHash` of the `Committed` event: keccak of the bundle. */
  resultsHash: Hex
  fetch?: typeof globalThis.fetch
}

export async function fetchResultsBundle(parameters: FetchResultsBundleParameters): Promise<Uint8Array> {
  const { urls, resultsHash } = parameters
  const want = resultsHash.toLowerCase()
  const failures: string[] = []
  let lastError: unknown
  for (const url of urls) {
    try {
      const bytes = await fetchBlob({
        url,
        hash: resultsHash,
        ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
      })
      if (keccak256(bytes) === want) return bytes
      failures.push(`${url}: hash mismatch`)
    } catch (err) {
      lastError = err
      // Only the code: a node's own error text is untrusted and may be long.
      const code = (err as { code?: unknown } | null)?.code
      failures.push(`${url}: ${typeof code === 'string' ? code : ((err as Error)?.name ?? 'error')}`)
    }
  }
  throw new RaceteeError(errorCodes.SDK_RESULT_UNAVAILABLE, 'No storage node served the results bundle.', {
    details: `resultsHash ${want}; ${failures.length === 0 ? 'no storage nodes' : failures.join('; ')}`,
    cause: lastError,
  })
}

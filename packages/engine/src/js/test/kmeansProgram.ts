/**
 * Test fixture: K-Means as a JS program (issue 4's showcase, D9's place of the paper's Go
 * programs), read from `examples/js/kmeans.js`, the same file the devnet demo deploys.
 * Deterministic: a mulberry32 generator, only integer ops and + − × ÷ on doubles, so QuickJS and
 * V8 compute the same bits. Returns centroids scaled by 10^6 and cluster sizes.
 */
import { readFileSync } from 'node:fs'

export const kmeansSource: string = readFileSync(
  new URL('../../../../../examples/js/kmeans.js', import.meta.url),
  'utf8',
)

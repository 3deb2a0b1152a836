/**
 * SIMULATION: the measurement a simulated enclave claims (the analogue of SGX's MRENCLAVE):
 * keccak over the trusted code base's sources (packages protocol, engine and enclave, tests
 * excluded), path and content, in sorted order. Changing enclave code changes the measurement,
 * so, as on hardware, state sealed by one build does not open in another, and an admission
 * policy can name the builds it accepts. It proves nothing about what actually runs: that is
 * what the hardware providers are for.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { concat, type Hex, keccak256, stringToBytes } from 'viem'

const TRUSTED_PACKAGES = ['@racetee/protocol', '@racetee/engine', '@racetee/enclave'] as const
let cached: Hex | undefined

export function simulatedMeasurement(): Hex {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  const parts: Uint8Array[] = []
  for (const name of TRUSTED_PACKAGES) {
    const src = dirname(require.resolve(name))
    for (const file of sourceFiles(src)) {
      parts.push(stringToBytes(`${name}/${relative(src, file)}\0`), keccakOf(readFileSync(file)))
    }
  }
  cached = keccak256(concat(parts))
  return cached
}

function keccakOf(bytes: Uint8Array): Uint8Array {
  return stringToBytes(keccak256(bytes))
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'test') out.push(...sourceFiles(path))
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

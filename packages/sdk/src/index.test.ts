import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as exports from './index.js'
import * as nodeExports from './node/index.js'

const srcDir = new URL('.', import.meta.url).pathname

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('@racetee/sdk exports', () => {
  it('exports exactly the public API (cheapest guard of a public surface)', () => {
    expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
      [
        "askExecutor",
        "assertSuccess",
        "callProgram",
        "callProgramAndWait",
        "decodeResultLogs",
        "decodeSecretRecord",
        "deployProgram",
        "encodeSecretRecord",
        "envelopeSecretKey",
        "fetchResultsBundle",
        "getEncryptionContext",
        "lastCommittedSeq",
        "memorySecretStore",
        "openBundleResult",
        "readDeploymentStatus",
        "readExecutors",
        "readProgram",
        "sampleReadLatency",
        "setProgramAcl",
        "txSecretKey",
        "waitForResult",
      ]
    `)
    expect(Object.keys(nodeExports).sort()).toMatchInlineSnapshot(`
      [
        "fileSecretStore",
        "readProgramSource",
      ]
    `)
  })

  it('behavior: stays browser-safe: no Node-only import outside src/node and test helpers', () => {
    const offenders = sourceFiles(srcDir)
      .map((file) => relative(srcDir, file))
      .filter((file) => !file.startsWith('node/') && !file.includes('/test/'))
      .filter((file) => /from '(node:|fs|path|os|crypto|http)/.test(readFileSync(join(srcDir, file), 'utf8')))
    expect(offenders).toEqual([])
  })
})

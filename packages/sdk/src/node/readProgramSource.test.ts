import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { errorCodes } from '@racetee/protocol'
import { afterAll, describe, expect, it } from 'vitest'
import { readProgramSource } from './readProgramSource.js'

const dir = mkdtempSync(join(tmpdir(), 'program-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const example = fileURLToPath(new URL('../../../../examples/js/counter.ts', import.meta.url))

describe('readProgramSource', () => {
  it('transpiles a TypeScript program to JavaScript and reads its declared ABI', async () => {
    const { source, abi } = await readProgramSource(example)
    expect(abi.map((entry) => ('name' in entry ? entry.name : entry.type))).toEqual(['increment'])
    expect(source).toContain('export async function increment(by)')
    expect(source).not.toMatch(/: bigint|declare const|as const/)
  })

  it('behavior: a JavaScript program is deployed as written', async () => {
    const path = join(dir, 'echo.js')
    const text =
      "export const abi = [{ type: 'function', name: 'echo', stateMutability: 'pure', inputs: [], outputs: [] }]\nexport function echo() {}\n"
    writeFileSync(path, text)
    expect(await readProgramSource(path)).toEqual({
      source: text,
      abi: [expect.objectContaining({ name: 'echo' })],
    })
  })

  it('error: a program without `export const abi` or with a syntax error is refused', async () => {
    const noAbi = join(dir, 'noAbi.js')
    writeFileSync(noAbi, 'export function f() {}\n')
    await expect(readProgramSource(noAbi)).rejects.toMatchObject({ code: errorCodes.SDK_INVALID_PARAMETER })
    const broken = join(dir, 'broken.ts')
    writeFileSync(broken, 'export const abi = [\n')
    await expect(readProgramSource(broken)).rejects.toMatchObject({ code: errorCodes.SDK_INVALID_PARAMETER })
    await expect(readProgramSource(join(dir, 'program.py'))).rejects.toThrow(TypeError)
  })
})

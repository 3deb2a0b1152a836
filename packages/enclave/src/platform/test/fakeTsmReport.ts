/**
 * Test helper: an in-memory configfs-tsm (`/sys/kernel/config/tsm/report`) with the kernel's
 * semantics, which a plain directory cannot have: `mkdir` of an entry makes its attributes
 * appear at once, every write bumps `generation`, reading `outblob` yields a TD quote over the
 * current `inblob`, and `rmdir` removes the entry with its attributes. Plug it into
 * `tdxPlatform({ fs })`. Modes play a broken or contended platform.
 * @module
 */
import { dirname } from 'node:path'
import type { TsmFileSystem } from '../tdxPlatform.js'
import { minimalQuote } from './minimalQuote.js'

export type FakeTsmReportParameters = {
  /** The report directory; entries may only be made directly under it. */
  dir: string
  /** What `provider` reads; default `tdx_guest`. */
  provider?: string
  /** Another writer bumps `generation` during this many `outblob` reads (default 0). */
  contendedReads?: number
  /** The quote to answer for an inblob; default a minimal TD quote over it. */
  answer?: (inblob: Uint8Array) => Uint8Array
}

type Entry = { inblob: Uint8Array; generation: number }

export type FakeTsmReport = { fs: TsmFileSystem; entries(): number; outblobReads(): number }

export function fakeTsmReport(parameters: FakeTsmReportParameters): FakeTsmReport {
  const entries = new Map<string, Entry>()
  let contended = parameters.contendedReads ?? 0
  let reads = 0
  const fail = (code: string, path: string) =>
    Object.assign(new Error(`${code}: ${path}`), { code }) as NodeJS.ErrnoException
  const split = (path: string) => {
    const entry = entries.get(dirname(path))
    if (!entry) throw fail('ENOENT', path)
    return { entry, name: path.slice(dirname(path).length + 1) }
  }
  const fs: TsmFileSystem = {
    async mkdir(path) {
      if (dirname(path) !== parameters.dir) throw fail('ENOENT', path)
      if (entries.has(path)) throw fail('EEXIST', path)
      entries.set(path, { inblob: new Uint8Array(0), generation: 0 })
    },
    async rmdir(path) {
      if (!entries.delete(path)) throw fail('ENOENT', path)
    },
    async writeFile(path, bytes) {
      const { entry, name } = split(path)
      if (name !== 'inblob') throw fail('EACCES', path)
      entry.inblob = bytes.slice()
      entry.generation++
    },
    async readFile(path) {
      const { entry, name } = split(path)
      switch (name) {
        case 'provider':
          return new TextEncoder().encode(`${parameters.provider ?? 'tdx_guest'}\n`)
        case 'generation':
          return new TextEncoder().encode(`${entry.generation}\n`)
        case 'outblob': {
          reads++
          if (contended > 0) {
            contended--
            entry.generation++ // someone else wrote to our entry meanwhile
          }
          return parameters.answer?.(entry.inblob) ?? minimalQuote({ tee: 'tdx', reportData: entry.inblob })
        }
        default:
          throw fail('ENOENT', path)
      }
    },
  }
  return { fs, entries: () => entries.size, outblobReads: () => reads }
}

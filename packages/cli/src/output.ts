/**
 * What a `racetee` command prints (D8): with `--json`, exactly one JSON document on stdout
 * (bigints as decimal strings, byte arrays as 0x hex), progress on stderr; without it, lines of
 * human text on stdout. Errors follow the same rule (`printError`), so a script can always
 * `JSON.parse` stdout. Nothing here decides what is secret: commands pass only what the user
 * may see (their own decrypted results, public addresses and hashes), never a private key.
 */
import { isRaceteeError } from '@racetee/protocol'
import { bytesToHex } from 'viem'

export type OutputStreams = {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

export type Output = {
  readonly json: boolean
  /** A progress or information line: stdout as text, stderr under `--json`. */
  info(line: string): void
  /** The command's result: `document` under `--json`, else the human lines. */
  result(document: unknown, human: readonly string[]): void
}

export const processStreams: OutputStreams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

export function createOutput(json: boolean, streams: OutputStreams = processStreams): Output {
  return {
    json,
    info(line) {
      ;(json ? streams.stderr : streams.stdout)(`${line}\n`)
    },
    result(document, human) {
      if (json) streams.stdout(`${JSON.stringify(toJsonValue(document), null, 2)}\n`)
      else for (const line of human) streams.stdout(`${line}\n`)
    },
  }
}

/** A JSON-safe copy: bigint → decimal string, Uint8Array → hex, Map → object; undefined dropped. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return bytesToHex(value)
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value instanceof Map) return toJsonValue(Object.fromEntries(value))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = toJsonValue(inner)
    return out
  }
  return value
}

/** A decoded ABI value for humans: integers in decimal, structs and arrays as compact JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return value
  if (value === undefined) return '(none)'
  return JSON.stringify(toJsonValue(value))
}

/** The error's printable parts: a RaceteeError's code, short message and details; anything else as internal. */
export function errorDocument(err: unknown): { code: string; message: string; details?: string } {
  if (isRaceteeError(err))
    return {
      code: err.code,
      message: err.shortMessage,
      ...(err.details === undefined ? {} : { details: err.details }),
    }
  // Not ours (a library's): its first line only. viem's long messages quote request data, which
  // is ciphertext at worst here, but the short form is what a user needs.
  const short = (err as { shortMessage?: unknown } | null)?.shortMessage
  const text = typeof short === 'string' ? short : err instanceof Error ? err.message : String(err)
  return { code: 'CLI_INTERNAL', message: text.split('\n')[0] ?? '' }
}

export function printError(err: unknown, json: boolean, streams: OutputStreams = processStreams): void {
  const doc = errorDocument(err)
  if (json) streams.stdout(`${JSON.stringify({ error: doc }, null, 2)}\n`)
  else
    streams.stderr(
      `error ${doc.code}: ${doc.message}\n${doc.details === undefined ? '' : `  ${doc.details}\n`}`,
    )
}

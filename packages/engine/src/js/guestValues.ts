/**
 * Values crossing the sandbox boundary (D5 "JS programs"). Both directions go through JSON
 * with bigints tagged as `{"$bigint": "<decimal>"}`: one canonical text, no handle juggling,
 * and nothing the guest hands back can be anything but plain data to the host.
 *
 * The guest side of the codec is `GUEST_CODEC_SOURCE`, evaluated in every sandbox before the
 * program. Byte strings and addresses travel as 0x-hex strings, as viem returns them.
 */

const TAG = '$bigint'

export function encodeForGuest(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { [TAG]: v.toString() } : v))
}

export function decodeFromGuest(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v)
      const tagged = (v as Record<string, unknown>)[TAG]
      if (keys.length === 1 && typeof tagged === 'string' && /^-?[0-9]+$/.test(tagged)) return BigInt(tagged)
    }
    return v
  })
}

/**
 * Guest half: `__racetee.encode(value)` and `__racetee.decode(text)`. Typed arrays other than
 * bytes are sent as plain arrays so a program can return a `Float64Array` or `Int32Array`.
 */
export const GUEST_CODEC_SOURCE = `
(() => {
  const TAG = ${JSON.stringify(TAG)}
  // Captured before the program runs: a program that replaces JSON cannot reach the host's codec.
  const stringify = JSON.stringify
  const parse = JSON.parse
  const from = Array.from
  const isView = ArrayBuffer.isView
  const encode = (value) => stringify(value === undefined ? null : value, (_k, v) => {
    if (typeof v === 'bigint') return { [TAG]: v.toString() }
    if (isView(v)) return from(v, (x) => (typeof x === 'bigint' ? { [TAG]: x.toString() } : x))
    return v
  })
  const decode = (text) => parse(text, (_k, v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v)
      if (keys.length === 1 && typeof v[TAG] === 'string') return BigInt(v[TAG])
    }
    return v
  })
  Object.defineProperty(globalThis, '__racetee', { value: Object.freeze({ encode, decode }) })
})()
`

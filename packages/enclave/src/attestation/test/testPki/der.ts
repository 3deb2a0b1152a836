/**
 * Test-only: the few DER encodings (ITU-T X.690) the SGX PCK certificate extension needs
 * (sgxPckExtension.ts): SEQUENCE, OBJECT IDENTIFIER, OCTET STRING, small INTEGER and ENUMERATED.
 * `@peculiar/x509` takes an extension's value as DER bytes, and the Intel extension has no
 * schema in it. Encoding only; nothing here is cryptographic or secret.
 * @module
 */

export const der = {
  sequence: (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(items)),
  octetString: (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes),
  integer: (value: number): Uint8Array => tlv(0x02, unsigned(value, 'integer')),
  enumerated: (value: number): Uint8Array => tlv(0x0a, unsigned(value, 'enumerated')),
  oid: (dotted: string): Uint8Array => tlv(0x06, oidBody(dotted)),
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), length(content.length), content])
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n)
  const bytes: number[] = []
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Uint8Array.of(0x80 | bytes.length, ...bytes)
}

/** Minimal two's-complement bytes of a non-negative value: a leading 0 keeps the sign positive. */
function unsigned(value: number, name: string): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`)
  const bytes: number[] = []
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  if (bytes.length === 0 || bytes[0]! >= 0x80) bytes.unshift(0)
  return Uint8Array.from(bytes)
}

/** First two arcs in one byte (40·a + b), then each arc in base 128, high bit on all but the last. */
function oidBody(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number)
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0))
    throw new RangeError(`oid ${dotted} is not a dotted object identifier`)
  const out: number[] = []
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const groups: number[] = [arc % 128]
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      groups.unshift(0x80 | (rest % 128))
    out.push(...groups)
  }
  return Uint8Array.from(out)
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

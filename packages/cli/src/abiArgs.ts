/**
 * Command-line words to ABI values (D8 `racetee call`/`read`/`deploy`): finds the function in the
 * program's ABI (by name, or by signature `transfer(address,uint256)` when overloaded) and
 * turns each argument word into what viem encodes for its ABI type:
 * integers in decimal or 0x hex (range-checked), addresses (checksummed), `true`/`false`,
 * hex bytes (exact length for bytesN), strings as given, arrays and tuples as JSON.
 *
 * Arguments of a confidential call are the user's plaintext: errors name the argument's
 * position, name and expected type, never its value.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Abi, type AbiFunction, type AbiParameter, getAddress, isAddress, isHex } from 'viem'

/** `name(type,…)` of a function or constructor, for lists and errors. */
export function signatureOf(fn: { name?: string; inputs: readonly AbiParameter[] }): string {
  return `${fn.name ?? 'constructor'}(${fn.inputs.map(typeString).join(',')})`
}

function typeString(parameter: AbiParameter): string {
  if (!parameter.type.startsWith('tuple')) return parameter.type
  const components = (parameter as { components?: readonly AbiParameter[] }).components ?? []
  return `(${components.map(typeString).join(',')})${parameter.type.slice('tuple'.length)}`
}

/** The function `name` (or signature) names in `abi`, chosen by argument count when overloaded. */
export function findFunction(abi: Abi | readonly unknown[], name: string, argCount: number): AbiFunction {
  const functions = (abi as readonly { type?: string }[]).filter(
    (item): item is AbiFunction => item.type === 'function',
  )
  const bySignature = functions.find((fn) => signatureOf(fn) === name.replace(/\s+/g, ''))
  if (bySignature) return bySignature
  const named = functions.filter((fn) => fn.name === name)
  const available = () => [...new Set(functions.map(signatureOf))].join(', ') || 'none'
  if (named.length === 0)
    throw new RaceteeError(errorCodes.CLI_UNKNOWN_FUNCTION, 'The program has no such function.', {
      details: `no function ${JSON.stringify(name)}; it has ${available()}`,
    })
  if (named.length === 1) return named[0]!
  const byCount = named.filter((fn) => fn.inputs.length === argCount)
  if (byCount.length === 1) return byCount[0]!
  throw new RaceteeError(errorCodes.CLI_UNKNOWN_FUNCTION, 'The function name is overloaded.', {
    details: `name one by signature: ${named.map(signatureOf).join(', ')}`,
  })
}

/** The constructor's inputs in `abi` (none when it declares no constructor). */
export function constructorInputs(abi: Abi | readonly unknown[]): readonly AbiParameter[] {
  const ctor = (abi as readonly { type?: string; inputs?: readonly AbiParameter[] }[]).find(
    (item) => item.type === 'constructor',
  )
  return ctor?.inputs ?? []
}

/** `words` as the values of `inputs`; CLI_BAD_ARGUMENT names the first that does not fit. */
export function coerceArgs(
  inputs: readonly AbiParameter[],
  words: readonly string[],
  what: string,
): unknown[] {
  if (words.length !== inputs.length)
    throw new RaceteeError(errorCodes.CLI_BAD_ARGUMENT, 'Wrong number of arguments.', {
      details: `${what} takes ${inputs.length} (${inputs.map(typeString).join(', ') || 'none'}), got ${words.length}`,
    })
  return inputs.map((input, i) => {
    const label = `argument ${i + 1}${input.name ? ` (${input.name})` : ''} of ${what}`
    let parsed: unknown = words[i]!
    if (isComposite(input.type)) {
      try {
        parsed = JSON.parse(words[i]!)
      } catch {
        throw badArgument(label, input)
      }
    }
    return coerceValue(input, parsed, label)
  })
}

function isComposite(type: string): boolean {
  return type.endsWith(']') || type.startsWith('tuple')
}

function badArgument(label: string, input: AbiParameter): RaceteeError {
  return new RaceteeError(errorCodes.CLI_BAD_ARGUMENT, 'An argument does not fit its ABI type.', {
    details: `${label}: expected ${typeString(input)} (${expectation(input.type)})`,
  })
}

function expectation(type: string): string {
  if (type.endsWith(']')) return 'a JSON array'
  if (type.startsWith('tuple')) return 'a JSON array or object of its components'
  if (/^u?int\d*$/.test(type)) return 'a decimal or 0x-hex integer in range'
  if (type === 'address') return '0x and 40 hex digits'
  if (type === 'bool') return 'true or false'
  if (type === 'bytes') return '0x hex of whole bytes'
  if (/^bytes\d+$/.test(type)) return `0x hex of exactly ${type.slice(5)} bytes`
  return 'text'
}

/** One value (already JSON-parsed inside arrays and tuples) as its ABI type. */
export function coerceValue(input: AbiParameter, value: unknown, label: string): unknown {
  const { type } = input
  const array = /^(.*)\[(\d*)\]$/.exec(type)
  if (array) {
    const length = array[2] === '' ? undefined : Number(array[2])
    if (!Array.isArray(value) || (length !== undefined && value.length !== length))
      throw badArgument(label, input)
    const element = { ...input, type: array[1]! } as AbiParameter
    return value.map((item, i) => coerceValue(element, item, `${label}[${i}]`))
  }
  if (type === 'tuple') {
    const components = (input as { components?: readonly AbiParameter[] }).components ?? []
    const items = Array.isArray(value)
      ? value
      : value !== null && typeof value === 'object'
        ? components.map((c) => (value as Record<string, unknown>)[c.name ?? ''])
        : undefined
    if (items === undefined || items.length !== components.length || items.some((v) => v === undefined))
      throw badArgument(label, input)
    return components.map((c, i) => coerceValue(c, items[i], `${label}.${c.name || i}`))
  }
  const integer = /^(u?)int(\d*)$/.exec(type)
  if (integer) return coerceInteger(value, integer[1] === 'u', Number(integer[2] || 256), label, input)
  if (type === 'address') {
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) throw badArgument(label, input)
    return getAddress(value)
  }
  if (type === 'bool') {
    if (value === true || value === 'true') return true
    if (value === false || value === 'false') return false
    throw badArgument(label, input)
  }
  if (type === 'string') {
    if (typeof value !== 'string') throw badArgument(label, input)
    return value
  }
  const bytes = /^bytes(\d*)$/.exec(type)
  if (bytes) {
    if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length % 2 !== 0)
      throw badArgument(label, input)
    if (bytes[1] !== '' && value.length !== 2 + 2 * Number(bytes[1])) throw badArgument(label, input)
    return value.toLowerCase()
  }
  throw badArgument(label, input)
}

function coerceInteger(value: unknown, unsigned: boolean, bits: number, label: string, input: AbiParameter) {
  let n: bigint
  if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value)
  else if (typeof value === 'string' && /^-?(\d+|0x[0-9a-fA-F]+)$/.test(value.trim())) {
    const text = value.trim()
    n = text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text)
  } else throw badArgument(label, input)
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1))
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n
  if (n < min || n > max) throw badArgument(label, input)
  return n
}

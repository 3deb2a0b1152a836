/**
 * Leak scanner for the end-to-end tests (D2: plaintext and keys exist only inside the enclave
 * process; the host, the chain (D3) and storage (D6) see ciphertext, hashes and signatures).
 *
 * A test plants random 128-bit amounts and secret keys, runs a scenario, then asks: does any of
 * them appear, in any encoding it could leak in, in a transaction, a log, or a file written
 * outside the enclave (storage directories, executor state, logs)? Findings never carry a
 * secret in full: a label shows at most 6 of its hex digits.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { bytesToHex, type Hex, type PublicClient, stringToHex, toHex } from 'viem'

/**
 * One form a secret may leak in. `pattern` is lowercase hex (no 0x) for every form but
 * `decimal`, whose pattern is the ASCII digits; for `bytes` it is the hex of the raw bytes.
 */
export type Needle = {
  /** Printable: the form and at most 6 hex digits of the secret. */
  readonly label: string
  readonly form: 'word' | 'hex' | 'decimal' | 'bytes'
  readonly pattern: string
}

export type Finding = {
  /** Block, transaction and log index on chain; the file path on disk. */
  readonly where: string
  /** The needle's label, never the secret. */
  readonly needle: string
}

/** Shorter hex than this occurs by chance in hashes and ciphertext: no distinctive needle. */
const MIN_VALUE = 1n << 60n // 16 hex digits
const MAX_VALUE = 1n << 256n
const MIN_SECRET_BYTES = 8
const PREVIEW = 6

/**
 * The forms an amount can take outside the enclave: the 32-byte ABI word (calldata, logs,
 * storage slots), the minimal hex (so re-padding to any width still matches), the decimal
 * string (JSON, logs, CLI output) and the raw big-endian bytes, at least 16 (binary blobs).
 */
export function needlesFor(values: readonly bigint[]): Needle[] {
  return values.flatMap((value, i) => {
    if (typeof value !== 'bigint') throw new TypeError(`values[${i}] must be a bigint`)
    if (value < MIN_VALUE || value >= MAX_VALUE) {
      // A short value (say 5) matches everywhere by chance; the scan would prove nothing.
      throw new RangeError(`values[${i}] must be in [2^60, 2^256): use random 128-bit values`)
    }
    const minimal = value.toString(16)
    const rawHex = minimal.padStart(Math.max(32, minimal.length + (minimal.length % 2)), '0')
    const name = `value ${minimal.slice(0, PREVIEW)}…`
    return [
      { label: `${name} as word`, form: 'word', pattern: minimal.padStart(64, '0') },
      { label: `${name} as hex`, form: 'hex', pattern: minimal },
      { label: `${name} as decimal`, form: 'decimal', pattern: value.toString(10) },
      { label: `${name} as bytes`, form: 'bytes', pattern: rawHex },
    ] as const
  })
}

/** The forms a secret byte string (a key, a seed) can take: its hex and its raw bytes. */
export function needlesForBytes(secrets: readonly Uint8Array[]): Needle[] {
  return secrets.flatMap((secret, i) => {
    if (!(secret instanceof Uint8Array)) throw new TypeError(`secrets[${i}] must be a Uint8Array`)
    if (secret.length < MIN_SECRET_BYTES) {
      throw new RangeError(`secrets[${i}] must be at least ${MIN_SECRET_BYTES} bytes to be distinctive`)
    }
    const hex = bytesToHex(secret).slice(2)
    const name = `secret ${hex.slice(0, PREVIEW)}…`
    return [
      { label: `${name} as hex`, form: 'hex', pattern: hex },
      { label: `${name} as bytes`, form: 'bytes', pattern: hex },
    ] as const
  })
}

/** The needle's pattern as it would appear inside hex-encoded chain data. */
function chainPattern(needle: Needle): string {
  return needle.form === 'decimal' ? stringToHex(needle.pattern).slice(2) : needle.pattern.toLowerCase()
}

export type ScanChainParameters = {
  client: PublicClient
  /** Inclusive range. */
  fromBlock: bigint
  toBlock: bigint
  needles: readonly Needle[]
}

/**
 * Looks for every needle in each transaction's input and value and in each log's data and
 * topics, for every block of the range. Receipts come from `eth_getBlockReceipts` (anvil
 * answers it): one call per block instead of one per transaction.
 */
export async function scanChain(parameters: ScanChainParameters): Promise<Finding[]> {
  const { client, fromBlock, toBlock, needles } = parameters
  if (fromBlock < 0n || toBlock < fromBlock) throw new RangeError('fromBlock..toBlock must be a range')
  const patterns = needles.map((needle) => ({ label: needle.label, pattern: chainPattern(needle) }))
  const findings: Finding[] = []
  const look = (where: string, data: Hex) => {
    const haystack = data.toLowerCase()
    for (const { label, pattern } of patterns) {
      if (haystack.includes(pattern)) findings.push({ where, needle: label })
    }
  }
  for (let blockNumber = fromBlock; blockNumber <= toBlock; blockNumber++) {
    const block = await client.getBlock({ blockNumber, includeTransactions: true })
    const receipts = await client.getBlockReceipts({ blockNumber })
    if (receipts.length !== block.transactions.length) {
      // A short answer would hide logs and make a leaky run look clean.
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'Receipts do not match the block.', {
        details: `block ${blockNumber}: ${block.transactions.length} transactions, ${receipts.length} receipts`,
      })
    }
    for (const tx of block.transactions) {
      const at = `block ${blockNumber} tx ${tx.transactionIndex}`
      look(`${at} input`, tx.input)
      // An amount sent as ether would leak too; padded so the word form matches as well.
      look(`${at} value`, toHex(tx.value, { size: 32 }))
    }
    for (const receipt of receipts) {
      for (const log of receipt.logs) {
        const at = `block ${blockNumber} tx ${receipt.transactionIndex} log ${log.logIndex}`
        look(`${at} data`, log.data)
        for (const [k, topic] of log.topics.entries()) look(`${at} topic ${k}`, topic)
      }
    }
  }
  return findings
}

export type ScanFilesParameters = {
  /** Files or directories; directories are walked recursively, following symlinks. */
  paths: readonly string[]
  needles: readonly Needle[]
}

/** Every regular file under `paths`, each directory visited once even through symlink loops. */
async function listFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = []
  const seenDirs = new Set<string>()
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path) // follows symlinks; a missing path throws rather than scan nothing
    if (info.isDirectory()) {
      const real = await realpath(path)
      if (seenDirs.has(real)) return
      seenDirs.add(real)
      for (const name of (await readdir(path)).sort()) await visit(join(path, name))
    } else if (info.isFile()) {
      files.push(path)
    }
    // Sockets, FIFOs and devices hold no stored content (and reading a FIFO would block).
  }
  for (const path of paths) await visit(path)
  return files
}

/**
 * Reads every file as bytes and looks for the hex forms as text in any letter case, the decimal
 * forms as text, and the raw bytes.
 */
export async function scanFiles(parameters: ScanFilesParameters): Promise<Finding[]> {
  const { paths, needles } = parameters
  if (paths.length === 0) throw new RangeError('paths must name at least one file or directory')
  const prepared = needles.map((needle) => ({
    label: needle.label,
    bytes: needle.form === 'bytes' ? Buffer.from(needle.pattern, 'hex') : undefined,
    text: needle.pattern.toLowerCase(),
  }))
  const findings: Finding[] = []
  for (const path of await listFiles(paths)) {
    const content = await readFile(path)
    // latin1 maps each byte to one character, so binary files survive and offsets do not shift.
    const text = content.toString('latin1').toLowerCase()
    for (const needle of prepared) {
      const found = needle.bytes ? content.includes(needle.bytes) : text.includes(needle.text)
      if (found) findings.push({ where: path, needle: needle.label })
    }
  }
  return findings
}

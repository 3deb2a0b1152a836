/**
 * The storage node's disk store (D6): content-addressed blobs at
 * `<dataDir>/blobs/<first 2 hex>/<keccak256>`.
 *
 * Durability: a blob is written to `<dataDir>/tmp/`, fsynced, renamed into place and the
 * directory fsynced, so once `put` resolves the blob survives a crash or power loss, and a
 * crash mid-write leaves no partial file under a blob's name (leftover temp files are removed
 * at `open`). The node signs `Availability` only after `put` resolved for every blob.
 * Integrity: bytes are re-hashed on every read; a file whose bytes do not hash to its name is
 * moved to `<dataDir>/quarantine/` and treated as missing, never served.
 * Retention: none yet. Every blob ever confirmed is kept (no garbage collection, D6's window
 * is a later step), because a lost committed blob blocks its program for good.
 * One store (one process) per data directory.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Logger } from 'pino'
import { bytesToHex, type Hex, keccak256 } from 'viem'

export type BlobStoreLogger = Pick<Logger, 'error' | 'warn'>

export type BlobRead = { found: true; bytes: Uint8Array } | { found: false; corrupt: boolean }

const HASH = /^0x[0-9a-f]{64}$/

export class BlobStore {
  #count: number
  #bytes: number
  /** Per-hash chains of writes and quarantines, so two requests never race on one file. */
  readonly #locks = new Map<Hex, Promise<unknown>>()

  private constructor(
    readonly dataDir: string,
    count: number,
    bytes: number,
    private readonly logger: BlobStoreLogger | undefined,
  ) {
    this.#count = count
    this.#bytes = bytes
  }

  /** Creates the directories if needed, removes leftover temp files, counts the blobs held and their bytes. */
  static async open(dataDir: string, logger?: BlobStoreLogger): Promise<BlobStore> {
    for (const dir of ['blobs', 'tmp', 'quarantine']) {
      if (await mkdir(join(dataDir, dir), { recursive: true })) await fsyncDir(dataDir)
    }
    const tmp = join(dataDir, 'tmp')
    for (const name of await readdir(tmp)) await rm(join(tmp, name), { force: true })
    let count = 0
    let bytes = 0
    for (const shard of await readdir(join(dataDir, 'blobs'), { withFileTypes: true })) {
      if (!shard.isDirectory()) continue
      for (const name of await readdir(join(dataDir, 'blobs', shard.name)))
        if (HASH.test(name) && name.slice(2, 4) === shard.name) {
          count++
          bytes += (await stat(join(dataDir, 'blobs', shard.name, name))).size
        }
    }
    return new BlobStore(dataDir, count, bytes, logger)
  }

  /** Number of blobs held (quarantined ones excluded). */
  count(): number {
    return this.#count
  }

  /** Total size in bytes of the blobs held (quarantined ones excluded). */
  bytes(): number {
    return this.#bytes
  }

  /** Whether a file exists under `hash` (not re-hashed: `get` does that). */
  async has(hash: Hex): Promise<boolean> {
    try {
      return (await stat(this.pathOf(hash))).isFile()
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  /** Reads a blob and re-hashes it; a corrupt file is quarantined and reported as not found. */
  async get(hash: Hex): Promise<BlobRead> {
    const name = checkHash(hash)
    const bytes = await this.#readIfPresent(name)
    if (bytes === undefined) return { found: false, corrupt: false }
    if (keccak256(bytes) === name) return { found: true, bytes }
    // Look again under the lock: a concurrent `put` may have replaced the file meanwhile, and
    // a good copy must never be quarantined.
    return this.#locked(name, async (): Promise<BlobRead> => {
      const again = await this.#readIfPresent(name)
      if (again !== undefined && keccak256(again) === name) return { found: true, bytes: again }
      if (again !== undefined) await this.#quarantine(name)
      return { found: false, corrupt: true }
    })
  }

  /**
   * Stores `bytes` under `hash` durably. Skips the write when an intact copy is already there;
   * quarantines a corrupt one and writes afresh. Returns whether it wrote. `hashChecked` skips
   * re-hashing `bytes` (keccak runs at a few MB/s in JavaScript): set it only when the caller
   * has itself just computed `hash` from these very bytes.
   */
  async put(
    hash: Hex,
    bytes: Uint8Array,
    options: { hashChecked?: boolean } = {},
  ): Promise<'written' | 'present'> {
    const name = checkHash(hash)
    if (!options.hashChecked && keccak256(bytes) !== name)
      throw new RangeError(`bytes do not hash to ${name}`)
    return this.#locked(name, async () => {
      const current = await this.#readIfPresent(name)
      if (current !== undefined) {
        if (keccak256(current) === name) return 'present' as const
        await this.#quarantine(name)
      }
      await this.#writeDurably(name, bytes)
      this.#count++
      this.#bytes += bytes.length
      return 'written' as const
    })
  }

  pathOf(hash: Hex): string {
    const name = checkHash(hash)
    return join(this.dataDir, 'blobs', name.slice(2, 4), name)
  }

  async #readIfPresent(name: Hex): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(name)))
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }

  async #writeDurably(name: Hex, bytes: Uint8Array): Promise<void> {
    const tmp = join(this.dataDir, 'tmp', `${name}.${bytesToHex(randomBytes(8)).slice(2)}`)
    const file = await open(tmp, 'wx', 0o644)
    try {
      await file.writeFile(bytes)
      await file.sync()
    } finally {
      await file.close()
    }
    const shard = join(this.dataDir, 'blobs', name.slice(2, 4))
    // A new shard directory must itself be durable in `blobs/` before the rename counts.
    if (await mkdir(shard, { recursive: true })) await fsyncDir(join(this.dataDir, 'blobs'))
    try {
      await rename(tmp, join(shard, name))
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    await fsyncDir(shard)
  }

  async #quarantine(name: Hex): Promise<void> {
    const from = this.pathOf(name)
    const to = join(this.dataDir, 'quarantine', `${name}.${Date.now()}`)
    let size: number
    try {
      size = (await stat(from)).size
      await rename(from, to)
    } catch (err) {
      // Someone else quarantined it first: nothing left to move.
      if (isNotFound(err)) return
      throw err
    }
    this.#count--
    this.#bytes -= size
    await fsyncDir(join(this.dataDir, 'blobs', name.slice(2, 4)))
    await fsyncDir(join(this.dataDir, 'quarantine'))
    this.logger?.error({ hash: name, quarantinedAs: to }, 'blob corrupt on disk: quarantined')
  }

  async #locked<T>(name: Hex, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(name) ?? Promise.resolve()
    const next = previous.then(task, task)
    const settled = next.catch(() => undefined)
    this.#locks.set(name, settled)
    try {
      return await next
    } finally {
      if (this.#locks.get(name) === settled) this.#locks.delete(name)
    }
  }
}

/** The lower-case name of a blob; throws RaceteeError STORAGE_BAD_REQUEST for anything else. */
export function blobName(hash: string): Hex {
  const name = hash.toLowerCase()
  if (!HASH.test(name))
    throw new RaceteeError(errorCodes.STORAGE_BAD_REQUEST, 'Malformed blob hash.', {
      details: 'expected 0x and 64 hex digits',
    })
  return name as Hex
}

function checkHash(hash: Hex): Hex {
  const name = hash.toLowerCase()
  if (!HASH.test(name)) throw new TypeError('hash must be 0x and 64 hex digits')
  return name as Hex
}

async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT'
}

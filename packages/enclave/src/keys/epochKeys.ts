/**
 * Epoch keys (docs/protocol.md P5 "Keys", D4 table): everything an enclave derives from an epoch
 * secret `E_e`, and the `EpochKeyring` that holds the epoch secrets.
 *
 * ```
 * requestSecret_e = HKDF(E_e, info = "racetee/v1/request-key" ‖ u64 e)      (X25519 private key)
 * managementKey_e = HKDF(E_e, info = "racetee/v1/management-key" ‖ u64 e)
 * K_p,0           = HKDF(E_e, info = "racetee/v1/program-key" ‖ program ‖ acc_deploy)
 * K_p,v+1         = HKDF(K_p,v ‖ E_e, info = "racetee/v1/ratchet" ‖ program ‖ u32 (v+1))
 * prevrandao      = HKDF(E_e, info = "racetee/v1/random" ‖ acc_before)
 * ```
 * HKDF-SHA256, empty salt, 32 bytes out: the derivations are @racetee/protocol's (`deriveRequestSecret`,
 * `deriveManagementKey`, `deriveProgramKey`, `ratchetProgramKey`, `derivePrevrandao`); this module
 * holds the secrets they derive from. Randomness is drawn only in `generateEpochSecret`, at epoch
 * creation, never while executing (D4 "Determinism").
 *
 * Secrets: `E_e`, every derived key and prevrandao are SECRET. Functions return fresh buffers the
 * caller wipes. The keyring holds its own copies of the epoch secrets and of the request and
 * management keys it derived, and zeroes them in `erase(epoch)` (D4 forward secrecy rests on
 * erasure). Nothing secret appears in `toString`, `toJSON` or `util.inspect` of the keyring.
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js'
import { abytes, randomBytes } from '@noble/hashes/utils.js'
import {
  assertUint,
  deriveManagementKey,
  derivePrevrandao,
  deriveProgramKey,
  deriveRequestSecret,
  errorCodes,
  RaceteeError,
  ratchetProgramKey,
} from '@racetee/protocol'
import type { Address, Hex } from 'viem'

export const EPOCH_SECRET_LENGTH = 32

/** An X25519 key pair. `secretKey` is SECRET. */
export type X25519KeyPair = { secretKey: Uint8Array; publicKey: Uint8Array }

/** Draws a fresh epoch secret (32 bytes, CSPRNG). SECRET: hand it to a keyring, then wipe it. */
export function generateEpochSecret(): Uint8Array {
  return randomBytes(EPOCH_SECRET_LENGTH)
}

/**
 * P5 `requestSecret_e` (protocol's `deriveRequestSecret`) and its X25519 public key, the epoch's
 * request public key published on chain. `secretKey` is SECRET: the caller wipes it.
 */
export function deriveRequestKeyPair(epochSecret: Uint8Array, epoch: bigint): X25519KeyPair {
  const secretKey = deriveRequestSecret(epochSecret, epoch)
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) }
}

type EpochEntry = {
  /** SECRET: E_e, the keyring's own copy. */
  secret: Uint8Array
  /** SECRET: derived once on first use, wiped with the entry. */
  request?: X25519KeyPair
  /** SECRET: derived once on first use, wiped with the entry. */
  management?: Uint8Array
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

/**
 * The epoch secrets an enclave holds (current, and the previous one during its grace period or
 * until its re-seal commits, D4). Derived keys it returns are views of its own buffers for the
 * request and management keys (do not wipe those; `erase` does), and fresh buffers for the rest.
 */
export class EpochKeyring {
  readonly #entries = new Map<bigint, EpochEntry>()

  /** Stores a copy of `epochSecret` for `epoch`; the caller wipes its own buffer. */
  add(epoch: bigint, epochSecret: Uint8Array): void {
    assertUint(epoch, 64, 'epoch')
    abytes(epochSecret, EPOCH_SECRET_LENGTH, 'epochSecret')
    if (this.#entries.has(epoch)) throw new RangeError(`epoch ${epoch} is already held; erase it first`)
    this.#entries.set(epoch, { secret: epochSecret.slice() })
  }

  /** Draws a new epoch secret and stores it (D4 epoch rotation); returns the request public key. */
  create(epoch: bigint): Uint8Array {
    const secret = generateEpochSecret()
    try {
      this.add(epoch, secret)
    } finally {
      secret.fill(0)
    }
    return this.requestKeyPair(epoch).publicKey.slice()
  }

  has(epoch: bigint): boolean {
    return this.#entries.has(epoch)
  }

  /** Epochs held, ascending. Public. */
  epochs(): bigint[] {
    return [...this.#entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  }

  /**
   * SECRET: a copy of E_e, for provisioning it to another enclave (P7); the caller wipes it.
   * Throws ENCLAVE_EPOCH_UNKNOWN when the epoch is not held.
   */
  exportSecret(epoch: bigint): Uint8Array {
    return this.#entry(epoch).secret.slice()
  }

  /** The epoch's request key pair (cached; owned by the keyring, wiped by `erase`). */
  requestKeyPair(epoch: bigint): Readonly<X25519KeyPair> {
    const entry = this.#entry(epoch)
    entry.request ??= deriveRequestKeyPair(entry.secret, epoch)
    return entry.request
  }

  /** The epoch's management key (cached; owned by the keyring, wiped by `erase`). */
  managementKey(epoch: bigint): Uint8Array {
    const entry = this.#entry(epoch)
    entry.management ??= deriveManagementKey(entry.secret, epoch)
    return entry.management
  }

  /** `K_p,0` under this epoch; a fresh buffer the caller wipes. */
  programKey(epoch: bigint, program: Address, accDeploy: Hex): Uint8Array {
    return deriveProgramKey(this.#entry(epoch).secret, program, accDeploy)
  }

  /** `K_p,v+1` under this epoch; a fresh buffer the caller wipes. */
  ratchet(epoch: bigint, programKey: Uint8Array, program: Address, nextVersion: number): Uint8Array {
    // v+1 ≥ 1: version 0 is K_p,0, never the output of a ratchet.
    if (nextVersion === 0) throw new RangeError('nextVersion must be at least 1')
    return ratchetProgramKey(programKey, this.#entry(epoch).secret, program, nextVersion)
  }

  /** prevrandao under this epoch; a fresh buffer. */
  prevrandao(epoch: bigint, accBefore: Hex): Uint8Array {
    return derivePrevrandao(this.#entry(epoch).secret, accBefore)
  }

  /** Zeroes E_e and every key derived and cached from it, then forgets the epoch (D4). */
  erase(epoch: bigint): void {
    const entry = this.#entries.get(epoch)
    if (entry === undefined) return
    entry.secret.fill(0)
    entry.request?.secretKey.fill(0)
    entry.management?.fill(0)
    this.#entries.delete(epoch)
  }

  /** Erases every epoch. */
  eraseAll(): void {
    for (const epoch of [...this.#entries.keys()]) this.erase(epoch)
  }

  #entry(epoch: bigint): EpochEntry {
    const entry = this.#entries.get(epoch)
    if (entry === undefined)
      throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'Epoch secret not held.', {
        details: `epoch ${epoch}`,
      })
    return entry
  }

  toString(): string {
    return `EpochKeyring { epochs: [${this.epochs().join(', ')}], secrets: <redacted> }`
  }

  toJSON(): { epochs: string[]; secrets: '<redacted>' } {
    return { epochs: this.epochs().map(String), secrets: '<redacted>' }
  }

  [inspectSymbol](): string {
    return this.toString()
  }
}

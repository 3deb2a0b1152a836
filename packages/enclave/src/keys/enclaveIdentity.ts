/**
 * An enclave's identity (docs/protocol.md P7, D4 table): a secp256k1 signing key, whose Ethereum
 * address is the enclave's identity on chain, and an X25519 encryption key that receives
 * provisioned epoch secrets (P7 `"racetee/v1/provision"`).
 *
 * Signatures are over 32-byte digests the enclave computed itself (EIP-712 digests of commits,
 * store authorisations, admissions, rotations, read answers). D10: never expose this to sign a
 * hash the host hands in. Output is `r ‖ s ‖ v` (65 bytes, v = 27/28, low s, RFC 6979
 * deterministic k), which viem's `recoverAddress` and OpenZeppelin's `ECDSA.recover` accept.
 *
 * Secrets: the signing and encryption secret keys live in private fields; they never appear in
 * `toString`, `toJSON` or `util.inspect`. `exportSecrets` returns copies for sealing to disk,
 * which the caller wipes; `erase` zeroes the keys held here.
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { abytes } from '@noble/hashes/utils.js'
import { bytes32, errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { openFromSender } from '../crypto/hpkeOpen.js'

export type EnclaveIdentitySecrets = {
  /** SECRET: secp256k1 private key, 32 bytes. */
  signingKey: Uint8Array
  /** SECRET: X25519 private key, 32 bytes. */
  encryptionKey: Uint8Array
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

/**
 * Signs a 32-byte digest with a secp256k1 secret key (SECRET, the caller's; not retained):
 * `r ‖ s ‖ v` hex, 65 bytes, v = 27/28, low s, RFC 6979 deterministic k.
 */
export function signDigestWithKey(secretKey: Uint8Array, digest: Hex | Uint8Array): Hex {
  abytes(secretKey, 32, 'secretKey')
  const hash = bytes32(digest, 'digest')
  // prehash: false, the digest is already Keccak-256 (noble would otherwise SHA-256 it).
  const recovered = secp256k1.sign(hash, secretKey, { prehash: false, lowS: true, format: 'recovered' })
  // noble's 'recovered' format is recovery ‖ r ‖ s; Ethereum wants r ‖ s ‖ (27 + recovery).
  const out = new Uint8Array(65)
  out.set(recovered.subarray(1, 65), 0)
  out[64] = 27 + recovered[0]!
  return bytesToHex(out)
}

export class EnclaveIdentity {
  /** SECRET: secp256k1 private key, wiped by `erase`. */
  readonly #signingKey: Uint8Array
  /** SECRET: X25519 private key, wiped by `erase`. */
  readonly #encryptionKey: Uint8Array
  #erased = false

  /** The enclave's Ethereum address (checksummed). */
  readonly address: Address
  /** Uncompressed secp256k1 public key, 65 bytes (0x04 ‖ x ‖ y). */
  readonly signingPublicKey: Uint8Array
  /** X25519 public key, 32 bytes (the `encryptionKey` of `register` and `Admission`). */
  readonly encryptionPublicKey: Uint8Array

  private constructor(secrets: EnclaveIdentitySecrets) {
    abytes(secrets.signingKey, 32, 'signingKey')
    abytes(secrets.encryptionKey, 32, 'encryptionKey')
    if (!secp256k1.utils.isValidSecretKey(secrets.signingKey))
      throw new RangeError('signingKey is not a valid secp256k1 secret key')
    this.#signingKey = secrets.signingKey.slice()
    this.#encryptionKey = secrets.encryptionKey.slice()
    this.signingPublicKey = secp256k1.getPublicKey(this.#signingKey, false)
    this.address = publicKeyToAddress(bytesToHex(this.signingPublicKey))
    this.encryptionPublicKey = x25519.getPublicKey(this.#encryptionKey)
  }

  /** A new identity from the CSPRNG: once per enclave, at first boot (then sealed, D4). */
  static generate(): EnclaveIdentity {
    const signingKey = secp256k1.utils.randomSecretKey()
    const encryptionKey = x25519.utils.randomSecretKey()
    try {
      return new EnclaveIdentity({ signingKey, encryptionKey })
    } finally {
      signingKey.fill(0)
      encryptionKey.fill(0)
    }
  }

  /** Restores an identity from unsealed secrets; copies them, so the caller wipes its buffers. */
  static fromSecrets(secrets: EnclaveIdentitySecrets): EnclaveIdentity {
    return new EnclaveIdentity(secrets)
  }

  /** `encryptionPublicKey` as bytes32 hex, as in `Admission.encryptionKey` and the report data. */
  get encryptionKeyHex(): Hex {
    return bytesToHex(this.encryptionPublicKey)
  }

  /**
   * Signs a 32-byte digest: `r ‖ s ‖ v` hex, 65 bytes, v = 27/28, low s. Only for digests the
   * enclave computed (D10).
   */
  signDigest(digest: Hex | Uint8Array): Hex {
    this.#assertLive()
    return signDigestWithKey(this.#signingKey, digest)
  }

  /** Signs an EIP-712 digest (`hashTypedData`): commits, store authorisations, admissions, rotations. */
  signTypedDataHash(digest: Hex | Uint8Array): Hex {
    return this.signDigest(digest)
  }

  /**
   * Opens a secret provisioned to this enclave (P7: `enc ‖ ciphertext`, info
   * `"racetee/v1/provision" ‖ chainId ‖ MC ‖ epoch`, aad the recipient). Throws
   * ENCLAVE_SEAL_OPEN_FAILED when it does not open. Returns the SECRET plaintext.
   */
  openProvisioned(parameters: {
    sealed: Uint8Array
    info: Uint8Array
    aad: Uint8Array
  }): Promise<Uint8Array> {
    this.#assertLive()
    return openFromSender({ recipientSecretKey: this.#encryptionKey, ...parameters })
  }

  /** SECRET: copies of both secret keys, for sealing the identity at rest; the caller wipes them. */
  exportSecrets(): EnclaveIdentitySecrets {
    this.#assertLive()
    return { signingKey: this.#signingKey.slice(), encryptionKey: this.#encryptionKey.slice() }
  }

  /** Zeroes both secret keys; every later use throws ENCLAVE_NOT_INITIALISED. */
  erase(): void {
    this.#signingKey.fill(0)
    this.#encryptionKey.fill(0)
    this.#erased = true
  }

  #assertLive(): void {
    if (this.#erased)
      throw new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'Enclave identity was erased.', {
        details: `address ${this.address}`,
      })
  }

  toString(): string {
    return `EnclaveIdentity { address: ${this.address}, encryptionKey: ${this.encryptionKeyHex}, secrets: <redacted> }`
  }

  toJSON(): { address: Address; encryptionKey: Hex; secrets: '<redacted>' } {
    return { address: this.address, encryptionKey: this.encryptionKeyHex, secrets: '<redacted>' }
  }

  [inspectSymbol](): string {
    return this.toString()
  }
}

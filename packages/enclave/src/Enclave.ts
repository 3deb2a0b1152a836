/**
 * The enclave application (D2): one identity, the epoch secrets it holds, and the requests it
 * answers. It runs in its own child process (`process/enclaveMain.ts`) behind the host's
 * `EnclaveProvider`; there the chain facts, the epoch and the limits of a batch come from a
 * proven `ChainView` (D2.1), never from the host.
 *
 * Invariant: nothing returned by a method is plaintext or a secret. Public keys, addresses,
 * ciphertext, digests and signatures only.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, type Hex } from 'viem'
import { type ExecuteBatchParameters, executeBatch } from './batch/executeBatch.js'
import type { BatchInput, BatchOutput, BlobSource, ChainFacts } from './batch/types.js'
import { EnclaveIdentity } from './keys/enclaveIdentity.js'
import { EpochKeyring } from './keys/epochKeys.js'

export type EnclaveLimits = { maxProgramsPerRequest: number; maxCreatesPerRequest: number }

export type EnclaveParameters = {
  chainId: bigint
  mc: Address
  /**
   * T and C of D3, from the MC's configuration. Optional: the child process passes the proven
   * values with each batch instead.
   */
  limits?: EnclaveLimits
  identity?: EnclaveIdentity
  keyring?: EpochKeyring
}

export class Enclave {
  readonly chainId: bigint
  readonly mc: Address
  readonly #limits: EnclaveLimits | undefined
  readonly #identity: EnclaveIdentity
  readonly #keyring: EpochKeyring

  constructor(parameters: EnclaveParameters) {
    this.chainId = parameters.chainId
    this.mc = getAddress(parameters.mc)
    this.#limits = parameters.limits
    this.#identity = parameters.identity ?? EnclaveIdentity.generate()
    this.#keyring = parameters.keyring ?? new EpochKeyring()
  }

  /** The enclave's on-chain identity: the address of its signing key. */
  get address(): Address {
    return this.#identity.address
  }

  /** Its X25519 key for provisioned secrets (P7). */
  get encryptionKey(): Hex {
    return this.#identity.encryptionKeyHex
  }

  /**
   * Genesis (D3.1): draws epoch 0's secret, the only randomness besides key generation, and
   * returns the request public key to publish on chain.
   */
  createGenesisEpoch(): { epoch: bigint; requestPublicKey: Hex } {
    // D10: a held epoch 0 is never redrawn (a ceremony retried after a crash gets the same key).
    if (!this.#keyring.has(0n)) this.#keyring.create(0n)
    return { epoch: 0n, requestPublicKey: this.requestPublicKey(0n) }
  }

  /** The request public key of an epoch this enclave holds. */
  requestPublicKey(epoch: bigint): Hex {
    return bytesToHex(this.#keyring.requestKeyPair(epoch).publicKey)
  }

  /**
   * Executes one batch (D5) and returns the signed commit, sealed blobs and results bundle.
   * `limits` (T and C) override the constructor's; one of the two must be given.
   */
  executeBatch(parameters: {
    epoch: bigint
    epochStart?: ExecuteBatchParameters['epochStart']
    limits?: EnclaveLimits
    facts: ChainFacts
    blobs: BlobSource
    input: BatchInput
  }): Promise<BatchOutput> {
    const { limits = this.#limits, ...rest } = parameters
    if (limits === undefined)
      return Promise.reject(
        new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'The enclave has no execution limits.', {
          details: 'pass limits to the constructor or to executeBatch',
        }),
      )
    return executeBatch({
      chainId: this.chainId,
      mc: this.mc,
      limits,
      identity: this.#identity,
      keyring: this.#keyring,
      ...rest,
    })
  }
}

/**
 * The enclave application (D2): one identity, the epoch secrets it holds, and the requests it
 * answers. Issue 2 runs it in-process; issue 3 puts it in its own child process behind the
 * `EnclaveProvider` interface, with this class as the implementation on the far side.
 *
 * Invariant: nothing returned by a method is plaintext or a secret. Public keys, addresses,
 * ciphertext, digests and signatures only.
 */
import { type Address, bytesToHex, getAddress, type Hex } from 'viem'
import { executeBatch } from './batch/executeBatch.js'
import type { BatchInput, BatchOutput, BlobSource, ChainFacts } from './batch/types.js'
import { EnclaveIdentity } from './keys/enclaveIdentity.js'
import { EpochKeyring } from './keys/epochKeys.js'

export type EnclaveParameters = {
  chainId: bigint
  mc: Address
  /** T and C of D3, from the MC's configuration. */
  limits: { maxProgramsPerRequest: number; maxCreatesPerRequest: number }
  identity?: EnclaveIdentity
  keyring?: EpochKeyring
}

export class Enclave {
  readonly chainId: bigint
  readonly mc: Address
  readonly #limits: EnclaveParameters['limits']
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
    this.#keyring.create(0n)
    return { epoch: 0n, requestPublicKey: this.requestPublicKey(0n) }
  }

  /** The request public key of an epoch this enclave holds. */
  requestPublicKey(epoch: bigint): Hex {
    return bytesToHex(this.#keyring.requestKeyPair(epoch).publicKey)
  }

  /** Executes one batch (D5) and returns the signed commit, sealed blobs and results bundle. */
  executeBatch(parameters: {
    epoch: bigint
    facts: ChainFacts
    blobs: BlobSource
    input: BatchInput
  }): Promise<BatchOutput> {
    return executeBatch({
      chainId: this.chainId,
      mc: this.mc,
      limits: this.#limits,
      identity: this.#identity,
      keyring: this.#keyring,
      ...parameters,
    })
  }
}

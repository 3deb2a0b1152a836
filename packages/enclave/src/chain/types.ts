/**
 * The enclave's view of the chain (D2.1): headers only from a header verifier inside the trusted
 * code base, and the MC's state only through `eth_getProof` answers checked against the
 * verified header's `stateRoot`. The host relays proofs and may lie; a proof that does not
 * verify is a fault (`CHAIN_PROOF_INVALID`) and the batch releases nothing.
 */
import type { Address, Hex } from 'viem'
import type { ChainFacts } from '../batch/types.js'

/** A header the enclave accepts, as vouched for by its verifier. */
export type TrustedHeader = {
  number: bigint
  hash: Hex
  stateRoot: Hex
  /** D2.1: every time-dependent check uses this, never the host's clock. */
  timestamp: bigint
  /** Which verifier vouched for it; `simulated` is true for the trusted-RPC verifier. */
  verifier: { label: string; simulated: boolean }
}

/**
 * Where headers come from. Production: a sync-committee light client (later). Devnet and CI:
 * the trusted-RPC verifier, labelled simulation wherever it appears.
 */
export interface HeaderVerifier {
  readonly label: string
  readonly simulated: boolean
  header(blockNumber: bigint): Promise<TrustedHeader>
}

/** One EIP-1186 `eth_getProof` answer, as the (untrusted) host relayed it. */
export type AccountProof = {
  address: Address
  accountProof: Hex[]
  balance: Hex
  codeHash: Hex
  nonce: Hex
  storageHash: Hex
  storageProof: { key: Hex; value: Hex; proof: Hex[] }[]
}

/** The host's relay of `eth_getProof` (untrusted: everything it returns is verified). */
export interface ProofSource {
  getProof(parameters: { address: Address; storageKeys: Hex[]; blockNumber: bigint }): Promise<AccountProof>
  /** `eth_getCode` at the block; checked against the proven account's `codeHash`. */
  getCode(parameters: { address: Address; blockNumber: bigint }): Promise<Hex>
}

/** The MC's configuration the enclave relies on, read from its immutables in proven code. */
export type ProvenMcConfig = {
  maxProgramsPerRequest: number
  maxCreatesPerRequest: number
  epochLength: bigint
  storageThreshold: number
  /** G: requests to epoch e-1 are accepted while block < rotationBlock + G (D3.2). */
  gracePeriod: bigint
}

/** The registry's packed counters at the header (D3.1, D4 "Epoch rotation"). */
export type ProvenRegistry = {
  version: bigint
  /** Enclaves admitted (effective or pending) and not revoked: a rotation grants to each. */
  memberCount: bigint
  /** Block of the latest revocation, 0 if none. */
  lastRevocationBlock: bigint
}

/** One enclave's registry entry as the enclave needs it to grant it an epoch secret. */
export type ProvenEnclave = {
  address: Address
  encryptionKey: Hex
  admittedFrom: bigint
  revokedAt: bigint
  /** Admitted (effective or pending) and not revoked: what the MC's rotate checks. */
  member: boolean
}

/**
 * The MC's state at one verified header, every value proven. Shaped as the batch's `ChainFacts`
 * (a batch whose facts are all read at its own `toBlock` can use one view as they are); a batch
 * proven at a later fact block combines two views (`batchChainFacts`, decision 19).
 */
export interface ProvenChainView extends ChainFacts {
  readonly header: TrustedHeader
  /**
   * The checkpoint covering `toBlock ≤ header.number` (P2, the MC's `_checkpointAt`): the live
   * values when their block is at or before it (always so at the header's own block), otherwise
   * ring entry `ringHint`, which must cover it. Anything else is `ENCLAVE_BATCH_UNPROVEN`.
   */
  checkpointAt(toBlock: bigint, ringHint?: bigint): Promise<{ seq: bigint; acc: Hex }>
  /** The current epoch at the header (P2 `_epochSlot`), and whether epoch 0 has started. */
  epoch(): Promise<{ epoch: bigint; started: boolean; rotationBlock: bigint }>
  /** The registry's version, member count and last revocation block. */
  registry(): Promise<ProvenRegistry>
  /** `_enclaves[signer]`: encryption key and membership. */
  enclave(signer: Address): Promise<ProvenEnclave>
  /** How many programs are registered (a complete list of them has this length). */
  programCount(): Promise<bigint>
  /** `_requestPublicKeys[epoch]` at the header: checks a provisioned secret (D3.1). */
  requestPublicKey(epoch: bigint): Promise<Hex>
  /** T, C, E and k from the MC's immutables: its code is checked against the proven codeHash. */
  config(): Promise<ProvenMcConfig>
}

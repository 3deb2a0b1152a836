/**
 * The host's view of an enclave (D2): an `EnclaveProvider` launches the enclave as its own
 * child process and returns an `EnclaveHandle`, whose typed async methods mirror the child's RPC.
 * Every provider forks the same enclave entry; they differ in the platform the child is told to
 * use (`init`'s `provider` and its fields): `simulation` (a local platform key), `sgx-gramine`
 * (the executor runs under Gramine-SGX, whose fork makes the child its own enclave) and `tdx`
 * (the executor runs in a TDX guest). See docs/hardware.md.
 *
 * The host stays untrusted: it passes block numbers, requests and ciphertext, relays blobs and
 * proofs on request (`EnclaveHostServices`), and receives only ciphertext, hashes, public keys
 * and signatures.
 */
import type { BatchOutput } from '@racetee/enclave'
import type { Hex } from 'viem'
import type {
  AcceptProvisioningCall,
  AdmitCall,
  AdmitResult,
  EnclaveDescription,
  EnclaveInitConfig,
  EnclaveProviderName,
  ExecuteBatchCall,
  PrepareRotationCall,
  PrepareRotationResult,
  ProofSource,
  ReadCallParams,
  ReadCallResult,
} from './enclaveProcessApi.js'

export type EnclaveProviderKind = EnclaveProviderName

/** `init`'s configuration for provider `K`, less `provider` (the provider's kind says it). */
export type EnclaveLaunchConfig<K extends EnclaveProviderKind = EnclaveProviderKind> =
  K extends EnclaveProviderKind ? Omit<Extract<EnclaveInitConfig, { provider: K }>, 'provider'> : never

/** What the enclave may ask its host for while it works. Every answer is verified inside. */
export type EnclaveHostServices = {
  /** A blob's bytes by keccak hash, from storage (the enclave re-hashes them). */
  blob(hash: Hex): Promise<Uint8Array>
  /** `eth_getProof`/`eth_getCode` relay (the enclave checks them against a verified header). */
  proofs: ProofSource
}

export type EnclaveLaunchOptions<K extends EnclaveProviderKind = EnclaveProviderKind> = {
  /** The child's `init` configuration, less `provider` (the provider's kind). */
  config: EnclaveLaunchConfig<K>
  services: EnclaveHostServices
  /** Receives each line the child prints (its ready line, fatal codes, runtime warnings). */
  logger?: (line: string) => void
  /** How long to wait for the ready line and `init`. Default 30 000 ms. */
  readyTimeoutMs?: number
}

export type EnclaveExit = { code: number | null; signal: NodeJS.Signals | null }

export type EnclaveHandle = {
  readonly kind: EnclaveProviderKind
  readonly pid: number | undefined
  /** The description `init` returned at launch. */
  readonly description: EnclaveDescription
  describe(): Promise<EnclaveDescription>
  /** Genesis (D3.1): epoch 0's secret, sealed before this resolves; idempotent. */
  createGenesisEpoch(): Promise<{ epoch: bigint; requestPublicKey: Hex }>
  /** One round (D7): the enclave proves its facts, epoch and limits itself (D2.1). */
  executeBatch(call: ExecuteBatchCall): Promise<BatchOutput>
  /** Admission of a newcomer (D3.1, P7), signed by this enclave. */
  admit(call: AdmitCall): Promise<AdmitResult>
  /** Takes the epoch secrets an `Admitted` event carried, checked against proven keys. */
  acceptProvisioning(call: AcceptProvisioningCall): Promise<EnclaveDescription>
  /** The next epoch's `Rotation` with a grant to every member, signed by this enclave (D4). */
  prepareRotation(call: PrepareRotationCall): Promise<PrepareRotationResult>
  /** Erases the epoch secrets a proven commit past the grace period has retired (D4). */
  retireEpochs(call: { atBlock: bigint }): Promise<EnclaveDescription>
  /**
   * A read without a transaction (D7, P8), at lower priority than every other call. Optional:
   * an in-process test enclave may leave it out, and the node then serves no reads.
   */
  read?(call: ReadCallParams): Promise<ReadCallResult>
  /** Closes the channel, waits up to `timeoutMs` (default 5 000) for exit, then SIGKILL. */
  close(options?: { timeoutMs?: number }): Promise<EnclaveExit>
  /** Settles when the child exits, for whatever reason. */
  readonly exited: Promise<EnclaveExit>
}

export type EnclaveProvider<K extends EnclaveProviderKind = EnclaveProviderKind> = {
  readonly kind: K
  launch(options: EnclaveLaunchOptions<K>): Promise<EnclaveHandle>
}

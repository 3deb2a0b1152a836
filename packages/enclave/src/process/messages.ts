/**
 * The typed RPC between the untrusted host and the enclave child process (D2: "a narrow,
 * serialisable request/response interface"). Messages travel over Node's IPC channel with
 * `serialization: 'advanced'`, so bigint and Uint8Array cross as they are.
 *
 * host → enclave: `{type:'call', id, method, params}`, answered `{type:'return'|'throw', id, ...}`.
 * enclave → host: `{type:'host', id, service, params}` (blobs and chain proofs the enclave asks
 * for), answered `{type:'hostReturn'|'hostThrow', id, ...}`.
 *
 * Errors cross as `{code, shortMessage, details}` and are rebuilt as RaceteeError. The enclave
 * sends only RaceteeErrors' own fields (which by invariant carry no secret); anything else it
 * throws crosses as ENCLAVE_INTERNAL with no text from inside, which could hold plaintext.
 * Both sides treat what arrives as untrusted input and check its shape here.
 * @module
 */
import {
  type Admission,
  type ErrorCode,
  errorCodes,
  isRaceteeError,
  RaceteeError,
  type Rotation,
} from '@racetee/protocol'
import type { Address, Hex } from 'viem'
import type { BatchOutput, BatchRequest } from '../batch/types.js'
import type { AccountProof } from '../chain/types.js'
import type { ReadCallParams, ReadCallResult } from '../read/readMessages.js'

export type { ReadCallParams, ReadCallResult }

/** The child prints this one line on stderr once it listens for calls; nothing else but fatal codes. */
export const ENCLAVE_READY_LINE = 'racetee-enclave: ready'
/** Prefix of the only other line the child may print: `racetee-enclave: fatal <ERROR_CODE>`. */
export const ENCLAVE_FATAL_PREFIX = 'racetee-enclave: fatal '

/** Where a hardware provider finds the PCCS collateral it puts in its evidence (P7). */
export type DcapCollateralSource =
  /** A JSON file holding the `@phala/dcap-qvl` collateral object (fetched ahead by the operator). */
  | { file: string }
  /** A PCCS base URL (`…/sgx/certification/v4/`); fetched at `init` for the quote just produced. */
  | { pccsUrl: string }

/** `init`'s fields every provider takes. */
export type EnclaveCommonConfig = {
  chainId: bigint
  mc: Address
  /** Where `enclave.sealed` lives (D10: keys survive restarts). */
  dataDir: string
  /** The trusted-RPC header verifier's endpoint (D2.1, labelled simulation). */
  rpcUrl: string
  /**
   * D2.1: a hardware provider refuses the trusted-RPC header verifier (it is simulation) unless
   * this is true. Ignored under simulation, where everything is simulation anyway.
   */
  insecureTrustedRpc?: boolean
}

/** SIMULATION: the platform key file stands in for the CPU, `measurement` for MRENCLAVE. */
export type SimulationInitConfig = {
  provider: 'simulation'
  /** A file holding the simulated platform's secp256k1 key as hex. */
  simulatedPlatformKeyFile: string
  /** The measurement the simulated quote claims (the analogue of MRENCLAVE). */
  measurement: Hex
}

/** SGX under Gramine (D2): evidence and sealing key from Gramine's `/dev/attestation`. */
/**
 * How a hardware enclave judges a newcomer's DCAP evidence (D3.1): the quote must chain to this
 * root and claim this enclave's own measurement (one build admits only itself).
 */
export type HardwareAdmissionConfig = {
  /** DER file of the root CA quotes must chain to; default Intel's SGX Root CA. */
  dcapRootCaFile?: string
  /** The worst TCB status accepted (`dcapTcbStatusRanking`); default UpToDate only. */
  minimumTcbStatus?: string
}

export type SgxGramineInitConfig = HardwareAdmissionConfig & {
  provider: 'sgx-gramine'
  /** Gramine's attestation pseudo-file directory; default `/dev/attestation`. */
  attestationDir?: string
  collateral: DcapCollateralSource
}

/** A TDX guest (D2): evidence from configfs-tsm; the sealing key from a file (no hardware key). */
export type TdxInitConfig = HardwareAdmissionConfig & {
  provider: 'tdx'
  /** configfs-tsm's report directory; default `/sys/kernel/config/tsm/report`. */
  tsmReportDir?: string
  /**
   * A file of 32 random bytes (hex) on the TD's encrypted, measured root filesystem: TDX has no
   * hardware sealing key, so the sealed file is only as safe as this file (docs/hardware.md).
   */
  sealingKeyFile: string
  collateral: DcapCollateralSource
}

export type EnclaveProviderName = 'simulation' | 'sgx-gramine' | 'tdx'

/** `init`'s configuration: the common fields and one provider's own. */
export type EnclaveInitConfig = EnclaveCommonConfig &
  (SimulationInitConfig | SgxGramineInitConfig | TdxInitConfig)

/** Where the key that seals `enclave.sealed` comes from (docs/hardware.md). */
export type SealingKeySource =
  /** SIMULATION: HKDF of the platform key file and the configured measurement. */
  | 'simulated-platform-key'
  /** SGX: Gramine's `keys/_sgx_mrenclave`, bound to the CPU and the enclave's MRENCLAVE. */
  | 'sgx-mrenclave'
  /** TDX: a key file on the TD's encrypted root filesystem (no CPU binding by itself). */
  | 'tdx-key-file'

/** Public facts about the enclave. Everything simulated says so. */
export type EnclaveDescription = {
  address: Address
  encryptionKey: Hex
  /** P7 evidence: a simulated quote, or a DCAP quote with its collateral. */
  evidence: Hex
  provider: EnclaveProviderName
  /** True only under the simulation provider; the header verifier has its own flag. */
  simulated: boolean
  /** Simulation: the configured one; SGX: MRENCLAVE (32 bytes); TDX: MRTD (48 bytes), from the quote. */
  measurement: Hex
  sealingKey: SealingKeySource
  /** Which header verifier the enclave trusts (the trusted-RPC one is simulation). */
  headerVerifier: { label: string; simulated: boolean }
  /** True when a hardware enclave runs on the simulated trusted-RPC verifier by explicit consent. */
  insecureTrustedRpc: boolean
  /** Epochs whose secret is held and sealed, ascending. */
  epochs: bigint[]
}

export type ExecuteBatchCall = {
  toBlock: bigint
  requests: BatchRequest[]
  beneficiary: Address
  /**
   * The fact block F ≥ `toBlock` (the host's confirmed head at round start): the last commit,
   * digests and the checkpoint of `toBlock` are proven at F, so a round may end before the block
   * the last commit landed in (decision 19). Absent: `toBlock`.
   */
  factBlock?: bigint
  /** The ring index of `toBlock`'s checkpoint at F (P2), needed when requests came after `toBlock`. */
  ringHint?: bigint
  /**
   * Every registered program, for the batch that ends an epoch's grace period: its Info is
   * re-sealed under the current epoch before the old secret is erased (D4). The enclave proves
   * the list complete; other batches leave it out.
   */
  programs?: Address[]
}

export type AdmitCall = {
  /** The block whose verified header the enclave reads the current epoch at. */
  atBlock: bigint
  /** The MC's `registryVersion` (checked by the MC; a wrong one only reverts). */
  registryVersion: bigint
  newcomer: { address: Address; encryptionKey: Hex; evidence: Hex }
}

export type AdmitResult = { admission: Admission; signature: Hex }

export type AcceptProvisioningCall = {
  /** The block whose verified header proves the epochs' request public keys. */
  atBlock: bigint
  /** The `Admitted` event's fields. */
  epoch: bigint
  epochSecret: Hex
  prevEpochSecret: Hex
}

export type PrepareRotationCall = {
  /** The block whose verified header proves the epoch, the registry and every member. */
  atBlock: bigint
  /** Every member (admitted, effective or pending, not revoked); the enclave proves the set. */
  members: Address[]
}

export type PrepareRotationResult = { rotation: Rotation; signature: Hex }

/** Methods the host may call, with their parameter and result types. */
export type EnclaveMethods = {
  init: { params: EnclaveInitConfig; result: EnclaveDescription }
  describe: { params: undefined; result: EnclaveDescription }
  createGenesisEpoch: { params: undefined; result: { epoch: bigint; requestPublicKey: Hex } }
  executeBatch: { params: ExecuteBatchCall; result: BatchOutput }
  admit: { params: AdmitCall; result: AdmitResult }
  prepareRotation: { params: PrepareRotationCall; result: PrepareRotationResult }
  /** Erases the epoch secrets the chain says are retired (D4); also done before every batch. */
  retireEpochs: { params: { atBlock: bigint }; result: EnclaveDescription }
  acceptProvisioning: { params: AcceptProvisioningCall; result: EnclaveDescription }
  /** A read without a transaction (D7, P8); runs at lower priority than every other call. */
  read: { params: ReadCallParams; result: ReadCallResult }
}
export type EnclaveMethod = keyof EnclaveMethods
export const enclaveMethodNames: readonly EnclaveMethod[] = [
  'init',
  'describe',
  'createGenesisEpoch',
  'executeBatch',
  'admit',
  'acceptProvisioning',
  'prepareRotation',
  'retireEpochs',
  'read',
]

export type GetProofParams = { address: Address; storageKeys: Hex[]; blockNumber: bigint }
export type GetCodeParams = { address: Address; blockNumber: bigint }

/** Services the enclave asks of its host. Every answer is verified inside (D2.1, P5 re-hashing). */
export type HostServices = {
  blob: { params: { hash: Hex }; result: Uint8Array }
  getProof: { params: GetProofParams; result: AccountProof }
  getCode: { params: GetCodeParams; result: Hex }
}
export type HostService = keyof HostServices
export const hostServiceNames: readonly HostService[] = ['blob', 'getProof', 'getCode']

export type WireError = { code: ErrorCode; shortMessage: string; details?: string }

export type CallMessage = { type: 'call'; id: number; method: EnclaveMethod; params: unknown }
export type ReturnMessage = { type: 'return'; id: number; value: unknown }
export type ThrowMessage = { type: 'throw'; id: number; error: WireError }
export type HostCallMessage = { type: 'host'; id: number; service: HostService; params: unknown }
export type HostReturnMessage = { type: 'hostReturn'; id: number; value: unknown }
export type HostThrowMessage = { type: 'hostThrow'; id: number; error: WireError }

export type HostToEnclaveMessage = CallMessage | HostReturnMessage | HostThrowMessage
export type EnclaveToHostMessage = ReturnMessage | ThrowMessage | HostCallMessage

const knownCodes = new Set<string>(Object.values(errorCodes))
const MAX_TEXT = 1_000

/**
 * The wire form of an error. A RaceteeError keeps its code, short message and details (they
 * carry no secret by invariant); anything else becomes `fallback` with a fixed message.
 */
export function toWireError(err: unknown, fallback: ErrorCode): WireError {
  if (isRaceteeError(err))
    return {
      code: err.code,
      shortMessage: err.shortMessage,
      ...(err.details === undefined ? {} : { details: err.details }),
    }
  return { code: fallback, shortMessage: 'Internal error (no detail crosses the process boundary).' }
}

/** Rebuilds a RaceteeError; a value that is not a well-formed wire error becomes `fallback`. */
export function fromWireError(value: unknown, fallback: ErrorCode): RaceteeError {
  const v = value as Partial<WireError> | null
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.code !== 'string' ||
    !knownCodes.has(v.code) ||
    typeof v.shortMessage !== 'string' ||
    (v.details !== undefined && typeof v.details !== 'string')
  )
    return new RaceteeError(fallback, 'Malformed error across the process boundary.')
  return new RaceteeError(v.code, v.shortMessage.slice(0, MAX_TEXT), {
    ...(v.details === undefined ? {} : { details: v.details.slice(0, MAX_TEXT) }),
  })
}

const isId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) >= 0

/** The host's message as the enclave sees it, or null when it is outside the interface. */
export function parseHostToEnclave(raw: unknown): HostToEnclaveMessage | null {
  const m = raw as Record<string, unknown> | null
  if (typeof m !== 'object' || m === null || !isId(m.id)) return null
  switch (m.type) {
    case 'call':
      return enclaveMethodNames.includes(m.method as EnclaveMethod)
        ? { type: 'call', id: m.id, method: m.method as EnclaveMethod, params: m.params }
        : null
    case 'hostReturn':
      return { type: 'hostReturn', id: m.id, value: m.value }
    case 'hostThrow':
      return { type: 'hostThrow', id: m.id, error: m.error as WireError }
    default:
      return null
  }
}

/** The enclave's message as the host sees it, or null when it is outside the interface. */
export function parseEnclaveToHost(raw: unknown): EnclaveToHostMessage | null {
  const m = raw as Record<string, unknown> | null
  if (typeof m !== 'object' || m === null || !isId(m.id)) return null
  switch (m.type) {
    case 'return':
      return { type: 'return', id: m.id, value: m.value }
    case 'throw':
      return { type: 'throw', id: m.id, error: m.error as WireError }
    case 'host':
      return hostServiceNames.includes(m.service as HostService)
        ? { type: 'host', id: m.id, service: m.service as HostService, params: m.params }
        : null
    default:
      return null
  }
}

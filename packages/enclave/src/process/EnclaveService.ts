/**
 * What the enclave child process does for each call (D2, D2.1, D3.1), apart from the IPC: the
 * enclave's state (identity, keyring, sealed store), and for every call that depends on the chain
 * a ChainView at a header its own verifier vouched for. The host passes block numbers, requests
 * and ciphertext; it cannot pass facts, an epoch or limits (ARCHITECTURE.md's "host supplies the
 * batch epoch" gap is closed here).
 *
 * Calls run one at a time, so a call that changes the keyring is sealed to disk (D10) before the
 * next one starts and before it answers.
 *
 * The platform (D2: `simulation`, `sgx-gramine`, `tdx`; see ../platform) gives the sealing key
 * and the evidence; `describe()` reports the provider, whether it is simulated, where the sealing
 * key comes from, and the header verifier's own label. The only header verifier so far is the
 * trusted-RPC one (simulation): under a hardware provider `init` refuses it unless the config
 * says `insecureTrustedRpc: true` (D2.1), and `describe()` still labels it simulated.
 * @module
 */
import { errorCodes, evidenceReportData, RaceteeError } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, hexToBytes, zeroAddress } from 'viem'
import type { AdmissionPolicy } from '../attestation/admissionPolicy.js'
import { retiredEpochs } from '../batch/epochTransition.js'
import type { BatchOutput, BlobSource } from '../batch/types.js'
import { batchChainFacts } from '../chain/batchChainFacts.js'
import type { HeaderVerifier, ProofSource, ProvenChainView, TrustedHeader } from '../chain/types.js'
import { Enclave } from '../Enclave.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import { createPlatform } from '../platform/createPlatform.js'
import { evidenceMeasurement } from '../platform/evidenceMeasurement.js'
import { sealedStateProviderOf } from '../platform/Platform.js'
import { answerRead } from '../read/answerRead.js'
import { parseReadCall } from '../read/parseReadCall.js'
import { ReadLane } from '../read/ReadLane.js'
import type { ReadCallParams, ReadCallResult } from '../read/readMessages.js'
import { EnclaveStateStore } from '../sealing/EnclaveStateStore.js'
import { acceptProvisioning } from './acceptProvisioning.js'
import { admissionPolicyFor } from './admissionPolicyFor.js'
import { admitNewcomer } from './admitNewcomer.js'
import type {
  AcceptProvisioningCall,
  AdmitCall,
  AdmitResult,
  EnclaveDescription,
  EnclaveInitConfig,
  EnclaveMethod,
  EnclaveProviderName,
  ExecuteBatchCall,
  PrepareRotationCall,
  PrepareRotationResult,
  SealingKeySource,
} from './messages.js'
import { prepareRotation } from './prepareRotation.js'
import {
  parseAcceptProvisioningCall,
  parseAdmitCall,
  parseAtBlockCall,
  parseExecuteBatchCall,
  parseInitConfig,
  parsePrepareRotationCall,
} from './validateCall.js'

/** How the enclave reaches the chain: the names the ChainView module exports (D2.1). */
export type ChainAccess = {
  headerVerifier(parameters: { rpcUrl: string }): HeaderVerifier
  chainView(parameters: { mc: Address; header: TrustedHeader; proofs: ProofSource }): ProvenChainView
}

export type EnclaveServiceParameters = {
  host: { blobs: BlobSource; proofs: ProofSource }
  chain: ChainAccess
}

type Ready = {
  config: EnclaveInitConfig
  /** D3.1: what this enclave accepts as a newcomer's evidence (`admissionPolicyFor`). */
  admissionPolicy: AdmissionPolicy
  enclave: Enclave
  identity: EnclaveIdentity
  keyring: EpochKeyring
  store: EnclaveStateStore
  verifier: HeaderVerifier
  evidence: Hex
  provider: EnclaveProviderName
  /** True only under the simulation provider. */
  simulated: boolean
  sealingKeySource: SealingKeySource
  /** The measurement our own evidence claims (simulated, MRENCLAVE or MRTD). */
  measurement: Hex
  /**
   * SIMULATION: the address of the simulated platform key (the admission policy's platform).
   * Under a hardware provider the zero address, which no key signs for, so simulated evidence
   * never admits a key into a hardware enclave's deployment.
   */
  platform: Address
}

export class EnclaveService {
  readonly #host: EnclaveServiceParameters['host']
  readonly #chain: ChainAccess
  #ready: Ready | undefined
  #queue: Promise<unknown> = Promise.resolve()
  /** D7: reads wait until no other call is running or queued (read/ReadLane.ts). */
  readonly #reads = new ReadLane()

  constructor(parameters: EnclaveServiceParameters) {
    this.#host = parameters.host
    this.#chain = parameters.chain
  }

  /** Runs one call after every earlier one has settled; `params` is untrusted input. */
  dispatch(method: EnclaveMethod, params: unknown): Promise<unknown> {
    if (method === 'read') return this.#reads.read(() => this.#run(method, params))
    const run = this.#queue.then(() => this.#run(method, params))
    this.#queue = run.catch(() => undefined)
    this.#reads.hold(this.#queue)
    return run
  }

  #run(method: EnclaveMethod, params: unknown): Promise<unknown> {
    switch (method) {
      case 'init':
        return this.#init(parseInitConfig(params))
      case 'describe':
        return Promise.resolve(this.#describe())
      case 'createGenesisEpoch':
        return this.#createGenesisEpoch()
      case 'executeBatch':
        return this.#executeBatch(parseExecuteBatchCall(params))
      case 'admit':
        return this.#admit(parseAdmitCall(params))
      case 'acceptProvisioning':
        return this.#acceptProvisioning(parseAcceptProvisioningCall(params))
      case 'prepareRotation':
        return this.#prepareRotation(parsePrepareRotationCall(params))
      case 'retireEpochs':
        return this.#retireEpochs(parseAtBlockCall(params))
      case 'read':
        return this.#read(parseReadCall(params))
    }
  }

  async #init(config: EnclaveInitConfig): Promise<EnclaveDescription> {
    if (this.#ready)
      throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'The enclave is already initialised.', {
        details: `enclave ${this.#ready.identity.address}`,
      })
    const platform = createPlatform(config)
    const verifier = this.#chain.headerVerifier({ rpcUrl: config.rpcUrl })
    // D2.1: hardware protects nothing if the host can invent chain facts, which it can through a
    // trusted RPC endpoint. Refused before any key is touched unless explicitly accepted.
    if (!platform.simulated && verifier.simulated && config.insecureTrustedRpc !== true)
      throw new RaceteeError(
        errorCodes.ENCLAVE_NOT_INITIALISED,
        'A hardware enclave refuses a simulated header verifier.',
        {
          details: `insecureTrustedRpc: provider ${platform.provider} with ${verifier.label}; set insecureTrustedRpc to accept it`,
        },
      )
    // SECRET: the platform's sealing key; the store keeps its own copy, this one is wiped.
    const sealingKey = await platform.sealingKey()
    try {
      const store = new EnclaveStateStore({
        dataDir: config.dataDir,
        context: {
          sealingKey,
          provider: sealedStateProviderOf(platform.provider),
          chainId: config.chainId,
          mc: config.mc,
        },
      })
      const { identity, keyring } = await store.loadOrCreate()
      const evidence = await platform.evidence(
        evidenceReportData(config.chainId, config.mc, identity.address, identity.encryptionPublicKey),
      )
      const measurement = evidenceMeasurement(evidence)
      const platformAddress = 'platformAddress' in platform ? await platform.platformAddress() : zeroAddress
      this.#ready = {
        config,
        admissionPolicy: await admissionPolicyFor({
          config,
          simulated: platform.simulated,
          platform: platformAddress,
          measurement,
        }),
        enclave: new Enclave({ chainId: config.chainId, mc: config.mc, identity, keyring }),
        identity,
        keyring,
        store,
        verifier,
        evidence: bytesToHex(evidence),
        provider: platform.provider,
        simulated: platform.simulated,
        sealingKeySource: platform.sealingKeySource,
        measurement,
        platform: platformAddress,
      }
      return this.#describe()
    } finally {
      sealingKey.fill(0)
    }
  }

  #state(): Ready {
    if (!this.#ready) throw new RaceteeError(errorCodes.ENCLAVE_NOT_INITIALISED, 'Call init first.')
    return this.#ready
  }

  #describe(): EnclaveDescription {
    const s = this.#state()
    return {
      address: s.identity.address,
      encryptionKey: s.identity.encryptionKeyHex,
      evidence: s.evidence,
      provider: s.provider,
      simulated: s.simulated,
      measurement: s.measurement,
      sealingKey: s.sealingKeySource,
      headerVerifier: { label: s.verifier.label, simulated: s.verifier.simulated },
      insecureTrustedRpc: !s.simulated && s.verifier.simulated,
      epochs: s.keyring.epochs(),
    }
  }

  /** A ChainView at the verified header of `blockNumber` (D2.1). */
  async #view(blockNumber: bigint): Promise<ProvenChainView> {
    const s = this.#state()
    const header = await s.verifier.header(blockNumber)
    if (header.number !== blockNumber)
      throw new RaceteeError(errorCodes.CHAIN_HEADER_INVALID, 'The verifier vouched for another block.', {
        details: `asked ${blockNumber}, got ${header.number}`,
      })
    return this.#chain.chainView({ mc: s.config.mc, header, proofs: this.#host.proofs })
  }

  async #createGenesisEpoch(): Promise<{ epoch: bigint; requestPublicKey: Hex }> {
    const s = this.#state()
    const genesis = s.enclave.createGenesisEpoch()
    await s.store.save(s) // D10: sealed before the host can publish the key on chain.
    return genesis
  }

  /**
   * Decision 19: what the commit chains from (last commit, digests, the checkpoint of `toBlock`,
   * the program count) is proven at the fact block F the host names, at or after `toBlock`; what
   * every enclave must agree on whatever F it was given (the epoch the batch runs in, which
   * programs were registered by then) at `toBlock` itself (`batchChainFacts`).
   */
  async #executeBatch(call: ExecuteBatchCall): Promise<BatchOutput> {
    const s = this.#state()
    const factBlock = call.factBlock ?? call.toBlock
    const atToBlock = await this.#view(call.toBlock)
    const atFactBlock = factBlock === call.toBlock ? atToBlock : await this.#view(factBlock)
    // D4: the batch runs in the epoch in force at its toBlock, wherever later rotations stand.
    const { epoch, started, rotationBlock } = await atToBlock.epoch()
    if (!started)
      throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'No epoch has started at the batch’s block.', {
        details: `toBlock ${call.toBlock}`,
      })
    const config = await atFactBlock.config()
    const start = { rotationBlock, gracePeriod: config.gracePeriod }
    await this.#eraseRetired(atFactBlock)
    return s.enclave.executeBatch({
      epoch,
      // The program count is read where the program list is proven: the state the batch runs on.
      epochStart: { ...start, programCount: await atFactBlock.programCount() },
      limits: {
        maxProgramsPerRequest: config.maxProgramsPerRequest,
        maxCreatesPerRequest: config.maxCreatesPerRequest,
      },
      facts: batchChainFacts({ atToBlock, atFactBlock, ringHint: call.ringHint }),
      blobs: this.#host.blobs,
      input: call,
    })
  }

  /** The host's nudge between rounds: erase what the chain says is retired (D4). */
  async #retireEpochs(call: { atBlock: bigint }): Promise<EnclaveDescription> {
    await this.#eraseRetired(await this.#view(call.atBlock))
    return this.#describe()
  }

  /**
   * D4 forward secrecy: once a commit past the current epoch's grace period is proven, the older
   * epoch secrets are erased, and the erasure sealed, before anything else happens.
   */
  async #eraseRetired(view: ProvenChainView): Promise<void> {
    const s = this.#state()
    const { epoch, started, rotationBlock } = await view.epoch()
    if (!started) return
    const { gracePeriod } = await view.config()
    const last = await view.lastCommit()
    const retired = retiredEpochs({
      held: s.keyring.epochs(),
      epoch,
      start: { rotationBlock, gracePeriod },
      last,
    })
    if (retired.length === 0) return
    for (const e of retired) s.keyring.erase(e)
    await s.store.save(s)
  }

  async #prepareRotation(call: PrepareRotationCall): Promise<PrepareRotationResult> {
    const s = this.#state()
    return prepareRotation({
      chainId: s.config.chainId,
      mc: s.config.mc,
      identity: s.identity,
      view: await this.#view(call.atBlock),
      call,
    })
  }

  async #admit(call: AdmitCall): Promise<AdmitResult> {
    const s = this.#state()
    return admitNewcomer({
      chainId: s.config.chainId,
      mc: s.config.mc,
      identity: s.identity,
      keyring: s.keyring,
      view: await this.#view(call.atBlock),
      policy: s.admissionPolicy,
      call,
    })
  }

  /** D7: a read on the last commit's state proven at the host's head (read/answerRead.ts). */
  async #read(call: ReadCallParams): Promise<ReadCallResult> {
    const s = this.#state()
    const out = await answerRead({
      chainId: s.config.chainId,
      mc: s.config.mc,
      identity: s.identity,
      keyring: s.keyring,
      view: await this.#view(call.atBlock),
      blobs: this.#host.blobs,
      call: { account: call.account, epoch: call.epoch, envelope: hexToBytes(call.envelope) },
    })
    return { ...out, sealed: bytesToHex(out.sealed) }
  }

  async #acceptProvisioning(call: AcceptProvisioningCall): Promise<EnclaveDescription> {
    const s = this.#state()
    const added = await acceptProvisioning({
      chainId: s.config.chainId,
      mc: s.config.mc,
      identity: s.identity,
      keyring: s.keyring,
      view: await this.#view(call.atBlock),
      call,
    })
    if (added.length > 0) await s.store.save(s)
    return this.#describe()
  }
}

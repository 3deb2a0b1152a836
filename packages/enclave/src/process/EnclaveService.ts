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
 * SIMULATION ONLY so far: the platform key file stands in for the CPU (evidence and sealing
 * key), the configured measurement for MRENCLAVE, and the header verifier is the trusted-RPC
 * one; `describe()` says so.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { errorCodes, evidenceReportData, RaceteeError } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, hexToBytes, isHex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import type { BatchOutput, BlobSource } from '../batch/types.js'
import type { HeaderVerifier, ProofSource, ProvenChainView, TrustedHeader } from '../chain/types.js'
import { Enclave } from '../Enclave.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import { makeSimulatedEvidence } from '../keys/simulatedPlatform.js'
import { EnclaveStateStore } from '../sealing/EnclaveStateStore.js'
import { sealedStateProviders } from '../sealing/sealedStateFile.js'
import { deriveSimulatedSealingKey } from '../sealing/simulatedSealingKey.js'
import { acceptProvisioning } from './acceptProvisioning.js'
import { admitNewcomer } from './admitNewcomer.js'
import type {
  AcceptProvisioningCall,
  AdmitCall,
  AdmitResult,
  EnclaveDescription,
  EnclaveInitConfig,
  EnclaveMethod,
  ExecuteBatchCall,
} from './messages.js'
import {
  parseAcceptProvisioningCall,
  parseAdmitCall,
  parseExecuteBatchCall,
  parseInitConfig,
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
  enclave: Enclave
  identity: EnclaveIdentity
  keyring: EpochKeyring
  store: EnclaveStateStore
  verifier: HeaderVerifier
  evidence: Hex
  /** SIMULATION: the address of the simulated platform key (the admission policy's platform). */
  platform: Address
}

export class EnclaveService {
  readonly #host: EnclaveServiceParameters['host']
  readonly #chain: ChainAccess
  #ready: Ready | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(parameters: EnclaveServiceParameters) {
    this.#host = parameters.host
    this.#chain = parameters.chain
  }

  /** Runs one call after every earlier one has settled; `params` is untrusted input. */
  dispatch(method: EnclaveMethod, params: unknown): Promise<unknown> {
    const run = this.#queue.then(() => this.#run(method, params))
    this.#queue = run.catch(() => undefined)
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
    }
  }

  async #init(config: EnclaveInitConfig): Promise<EnclaveDescription> {
    if (this.#ready)
      throw new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'The enclave is already initialised.', {
        details: `enclave ${this.#ready.identity.address}`,
      })
    // SECRET: the simulated platform key; used for the sealing key and the quote, then wiped.
    const platformKey = await readPlatformKey(config.simulatedPlatformKeyFile)
    const sealingKey = deriveSimulatedSealingKey({ platformKey, measurement: config.measurement })
    try {
      const store = new EnclaveStateStore({
        dataDir: config.dataDir,
        context: {
          sealingKey,
          provider: sealedStateProviders.simulation,
          chainId: config.chainId,
          mc: config.mc,
        },
      })
      const { identity, keyring } = await store.loadOrCreate()
      const evidence = makeSimulatedEvidence({
        platformKey,
        measurement: config.measurement,
        reportData: evidenceReportData(
          config.chainId,
          config.mc,
          identity.address,
          identity.encryptionPublicKey,
        ),
      })
      this.#ready = {
        config,
        enclave: new Enclave({ chainId: config.chainId, mc: config.mc, identity, keyring }),
        identity,
        keyring,
        store,
        verifier: this.#chain.headerVerifier({ rpcUrl: config.rpcUrl }),
        evidence: bytesToHex(evidence),
        platform: publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(platformKey, false))),
      }
      return this.#describe()
    } finally {
      platformKey.fill(0)
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
      provider: 'simulation',
      simulated: true,
      measurement: s.config.measurement,
      headerVerifier: { label: s.verifier.label, simulated: s.verifier.simulated },
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

  async #executeBatch(call: ExecuteBatchCall): Promise<BatchOutput> {
    const s = this.#state()
    const view = await this.#view(call.toBlock)
    const { epoch, started } = await view.epoch()
    if (!started)
      throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'No epoch has started at the batch’s block.', {
        details: `toBlock ${call.toBlock}`,
      })
    const config = await view.config()
    return s.enclave.executeBatch({
      epoch,
      limits: {
        maxProgramsPerRequest: config.maxProgramsPerRequest,
        maxCreatesPerRequest: config.maxCreatesPerRequest,
      },
      facts: view,
      blobs: this.#host.blobs,
      input: call,
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
      policy: { platform: s.platform, measurements: [s.config.measurement] },
      call,
    })
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

/** SIMULATION: the platform key file holds 32 bytes as hex (0x optional, whitespace ignored). */
async function readPlatformKey(path: string): Promise<Uint8Array> {
  let text: string
  try {
    text = (await readFile(path, 'utf8')).trim()
  } catch (err) {
    throw new RaceteeError(
      errorCodes.ENCLAVE_NOT_INITIALISED,
      'The simulated platform key file is unreadable.',
      {
        details: (err as NodeJS.ErrnoException).code ?? 'read error',
      },
    )
  }
  const hex = (text.startsWith('0x') ? text : `0x${text}`) as Hex
  if (!isHex(hex, { strict: true }) || hex.length !== 66)
    throw new RaceteeError(
      errorCodes.ENCLAVE_NOT_INITIALISED,
      'The simulated platform key file is malformed.',
      {
        details: `${text.length} characters, expected 64 hex digits`,
      },
    )
  return hexToBytes(hex)
}

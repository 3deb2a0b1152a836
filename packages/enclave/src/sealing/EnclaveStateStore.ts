/**
 * The enclave's persistent state (D4 "sealed", D10 "never regenerate keys at boot"): its
 * identity and epoch keyring, sealed to `<dataDir>/enclave.sealed` (see `sealedStateFile.ts`).
 * `loadOrCreate` opens the file or, on first boot only, draws a new identity and seals it before
 * returning; `save` must be awaited before any method that changed the keyring answers, so a
 * crash never loses a key the chain already relies on.
 *
 * Secrets: the store keeps its own copy of the sealing key (wiped by `wipe`); every plaintext
 * buffer it builds is zeroed once sealed or loaded.
 * @module
 */
import { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import {
  decodeEnclaveSecrets,
  type EnclaveSecrets,
  encodeEnclaveSecrets,
  wipeEnclaveSecrets,
} from './enclaveSecretsCodec.js'
import {
  openSealedState,
  readSealedStateFile,
  type SealedStateContext,
  sealState,
  writeSealedStateFile,
} from './sealedStateFile.js'

export type EnclaveState = { identity: EnclaveIdentity; keyring: EpochKeyring }

export class EnclaveStateStore {
  readonly dataDir: string
  readonly #context: SealedStateContext

  /** Copies `context.sealingKey` (SECRET); the caller wipes its own buffer. */
  constructor(parameters: { dataDir: string; context: SealedStateContext }) {
    this.dataDir = parameters.dataDir
    this.#context = { ...parameters.context, sealingKey: parameters.context.sealingKey.slice() }
  }

  /** The sealed state, or null on first boot. ENCLAVE_SEAL_OPEN_FAILED when it does not open. */
  async load(): Promise<EnclaveState | null> {
    const sealed = await readSealedStateFile(this.dataDir)
    if (sealed === null) return null
    const plaintext = openSealedState(this.#context, sealed)
    let secrets: EnclaveSecrets | undefined
    try {
      secrets = decodeEnclaveSecrets(plaintext)
      const identity = EnclaveIdentity.fromSecrets(secrets.identity)
      const keyring = new EpochKeyring()
      for (const { epoch, secret } of secrets.epochs) keyring.add(epoch, secret)
      return { identity, keyring }
    } finally {
      plaintext.fill(0)
      if (secrets) wipeEnclaveSecrets(secrets)
    }
  }

  /** Loads the state, or on first boot generates an identity and seals it before returning. */
  async loadOrCreate(): Promise<EnclaveState & { created: boolean }> {
    const loaded = await this.load()
    if (loaded) return { ...loaded, created: false }
    const state = { identity: EnclaveIdentity.generate(), keyring: new EpochKeyring() }
    await this.save(state)
    return { ...state, created: true }
  }

  /** Seals and durably writes the current identity and every epoch secret held. */
  async save(state: EnclaveState): Promise<void> {
    const secrets: EnclaveSecrets = {
      identity: state.identity.exportSecrets(),
      epochs: state.keyring.epochs().map((epoch) => ({ epoch, secret: state.keyring.exportSecret(epoch) })),
    }
    let plaintext: Uint8Array | undefined
    try {
      plaintext = encodeEnclaveSecrets(secrets)
      await writeSealedStateFile(this.dataDir, sealState(this.#context, plaintext))
    } finally {
      plaintext?.fill(0)
      wipeEnclaveSecrets(secrets)
    }
  }

  /** Zeroes the store's copy of the sealing key; later loads and saves fail. */
  wipe(): void {
    this.#context.sealingKey.fill(0)
  }
}
